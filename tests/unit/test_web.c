/*
 * Unit tests for the web core without a server: the escaping printf
 * (html.h: every conversion, NULL values, the characters that matter in
 * text and attributes), route matching (literal segments preferred over
 * {params}, {rest*}, 405 detection, trailing slashes), the parsers of
 * http.c (urlencoded, cookies, multipart, paths) and the language
 * choice (Accept-Language, the embedded catalogue).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"
#include "web/html.h"
#include "web/route.h"
#include "web/server.h"

static void test_html_escape(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	html_strf(&s, "<td title=\"%h\">%h</td>", "a\"b'c", "<script>alert(1)</script>&amp;");
	assert_string_equal(str_cstr(&s), "<td title=\"a&quot;b&#39;c\">&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;</td>");
	str_reset(&s);
	html_strf(&s, "%h|%h|%s", NULL, "", NULL); /* testcase: NULL prints nothing */
	assert_string_equal(str_cstr(&s), "||");
	str_reset(&s);
	html_strf(&s, "/units/%u?q=%u", "SO-NV.P01", "a b/c?&=é");
	assert_string_equal(str_cstr(&s), "/units/SO-NV.P01?q=a%20b%2Fc%3F%26%3D%C3%A9");
	str_reset(&s);
	html_strf(&s, "var x = %j; var y = %j;", "</script><b>\"q\"\n", NULL);
	assert_string_equal(str_cstr(&s), "var x = \"<\\/script><b>\\\"q\\\"\\n\"; var y = null;");
	str_reset(&s);
	html_strf(&s, "%d %ld %lld %zu %.2f %.0f %% %s", -3, 40L, -5000000000LL, (size_t)7,
	          91.045, 2.5, "<lit>");
	assert_string_equal(str_cstr(&s), "-3 40 -5000000000 7 91.05 2 % <lit>");
	str_reset(&s);
	html_strf(&s, "Hà Nội %h", "Đống Đa"); /* UTF-8 passes through */
	assert_string_equal(str_cstr(&s), "Hà Nội Đống Đa");
	str_free(&s);
}

static void test_html_bad_format_aborts(void **state)
{
	(void)state;
	/* testcase: an unknown conversion is a bug and aborts, in a child */
	static const char *const bad[] = {"%q", "%x", "%.f", "%l", "%zd", "%"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fflush(NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			freopen("/dev/null", "w", stderr);
			struct str s;
			str_init(&s, 0);
			html_strf(&s, bad[i], 1);
			_exit(0);
		}
		int st;
		waitpid(pid, &st, 0);
		assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
	}
}

static struct req *new_req(struct arena *a)
{
	struct req *r = arena_alloc(a, sizeof *r);
	r->arena = a;
	return r;
}

static void test_route_match(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct req *r = new_req(a);
	bool known;
	const struct route *rt = route_match(r, "GET", "/login", &known);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/login");
	assert_int_equal(rt->cap, CAP_PUBLIC);

	r = new_req(a);
	rt = route_match(r, "GET", "/units/SO-NV", &known);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/units/{code}");
	assert_int_equal(r->npath_params, 1);
	assert_string_equal(req_path_param(r, 0), "SO-NV");
	assert_null(req_path_param(r, 1));

	r = new_req(a);
	rt = route_match(r, "GET", "/explain/HN-DEPT-2024/SO-NV", &known);
	assert_non_null(rt);
	assert_int_equal(r->npath_params, 2);
	assert_string_equal(req_path_param(r, 0), "HN-DEPT-2024");
	assert_string_equal(req_path_param(r, 1), "SO-NV");

	/* testcase: the literal /api/v1/public/... beats /api/v1/{...} shapes,
	 * and a literal segment beats a parameter at the same position */
	r = new_req(a);
	rt = route_match(r, "GET", "/api/v1/public/results/X", &known);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/api/v1/public/results/{framework}");

	/* testcase: {rest*} takes the remaining path, slashes included */
	r = new_req(a);
	rt = route_match(r, "GET", "/static/a/b.css", &known);
	assert_non_null(rt);
	assert_string_equal(req_path_param(r, 0), "a/b.css");
	r = new_req(a);
	assert_null(route_match(r, "GET", "/static/", &known)); /* testcase: empty rest */

	/* testcase: a path that exists for another method: 405, not 404 */
	r = new_req(a);
	assert_null(route_match(r, "DELETE", "/login", &known));
	assert_true(known);
	r = new_req(a);
	assert_null(route_match(r, "GET", "/logout", &known));
	assert_true(known);
	r = new_req(a);
	assert_null(route_match(r, "GET", "/nowhere", &known));
	assert_false(known);

	/* testcase: HEAD is GET; trailing slash and empty segments do not match */
	r = new_req(a);
	assert_non_null(route_match(r, "HEAD", "/healthz", &known));
	r = new_req(a);
	assert_null(route_match(r, "GET", "/healthz/", &known));
	r = new_req(a);
	assert_null(route_match(r, "GET", "/units/", &known));
	r = new_req(a);
	assert_null(route_match(r, "GET", "/units//x", &known));
	r = new_req(a);
	assert_null(route_match(r, "GET", "", &known));

	/* every pattern in the table matches itself with placeholder values */
	for (size_t i = 0; i < nroutes; i++) {
		char path[512];
		size_t o = 0;
		for (const char *p = routes[i].pattern; *p && o < sizeof path - 8;) {
			if (*p == '{') {
				const char *e = strchr(p, '}');
				memcpy(path + o, "x1", 2);
				o += 2;
				p = e + 1;
			} else {
				path[o++] = *p++;
			}
		}
		path[o] = 0;
		r = new_req(a);
		const struct route *m = route_match(r, routes[i].method, path, &known);
		assert_non_null(m);
		assert_string_equal(m->method, routes[i].method);
	}
	arena_free(a);
}

static void test_urlencoded(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct kv *kv;
	size_t n;
	const char q[] = "a=1&b=x+y%21&&c&d=%C4%90%E1%BB%91ng&e=";
	assert_true(http_parse_urlencoded(a, q, strlen(q), &kv, &n));
	assert_int_equal(n, 5);
	assert_string_equal(kv[0].key, "a");
	assert_string_equal(kv[0].value, "1");
	assert_string_equal(kv[1].value, "x y!");
	assert_string_equal(kv[2].key, "c");
	assert_string_equal(kv[2].value, "");
	assert_string_equal(kv[3].value, "Đống");
	assert_string_equal(kv[4].value, "");
	/* testcase: refused: bad escape, truncated escape, NUL, invalid UTF-8 */
	assert_false(http_parse_urlencoded(a, "a=%zz", 5, &kv, &n));
	assert_false(http_parse_urlencoded(a, "a=%4", 4, &kv, &n));
	assert_false(http_parse_urlencoded(a, "a=%00", 5, &kv, &n));
	assert_false(http_parse_urlencoded(a, "a=%FF", 5, &kv, &n));
	/* testcase: length-bounded, no NUL needed */
	assert_true(http_parse_urlencoded(a, "k=vXXXX", 3, &kv, &n));
	assert_int_equal(n, 1);
	assert_string_equal(kv[0].value, "v");
	assert_true(http_parse_urlencoded(a, "", 0, &kv, &n));
	assert_int_equal(n, 0);

	char *p;
	assert_true(http_decode_path(a, "/units/SO%2DNV+1", 16, &p));
	assert_string_equal(p, "/units/SO-NV+1");
	assert_false(http_decode_path(a, "units", 5, &p));
	assert_false(http_decode_path(a, "/%00", 4, &p));
	arena_free(a);
}

static void test_cookies(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *h = "parindex_lang=en; parindex_session=abc; x=\"quoted\"";
	assert_string_equal(http_cookie_find(a, h, "parindex_session"), "abc");
	assert_string_equal(http_cookie_find(a, h, "parindex_lang"), "en");
	assert_string_equal(http_cookie_find(a, h, "x"), "quoted");
	assert_null(http_cookie_find(a, h, "parindex")); /* testcase: prefix is not a match */
	assert_null(http_cookie_find(a, h, "session"));
	assert_null(http_cookie_find(a, NULL, "x"));
	assert_string_equal(http_cookie_find(a, "a=", "a"), "");
	arena_free(a);
}

static void test_multipart(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
		"tok\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"file\"; filename=\"a b.csv\"\r\n"
		"Content-Type: text/csv\r\n\r\n"
		"code,name\r\nX,\0Y\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n"
		"\r\n"
		"--XyZ--\r\n";
	size_t len = sizeof body - 1;
	struct kv *f;
	struct upload *u;
	size_t nf, nu;
	assert_true(http_parse_multipart(a, "multipart/form-data; boundary=XyZ", body, len, &f,
	                                 &nf, &u, &nu));
	assert_int_equal(nf, 1);
	assert_string_equal(f[0].key, "csrf");
	assert_string_equal(f[0].value, "tok");
	assert_int_equal(nu, 1); /* testcase: an empty file input is dropped */
	assert_string_equal(u[0].field, "file");
	assert_string_equal(u[0].filename, "a b.csv");
	assert_string_equal(u[0].content_type, "text/csv");
	/* testcase: a NUL inside an upload is kept; the CRLF before the
	 * delimiter is not part of the data */
	assert_int_equal(u[0].len, 15);
	assert_memory_equal(u[0].data, "code,name\r\nX,\0Y", 15);
	/* testcase: quoted boundary; missing end; no boundary */
	assert_true(http_parse_multipart(a, "multipart/form-data; boundary=\"XyZ\"", body, len, &f,
	                                 &nf, &u, &nu));
	assert_false(http_parse_multipart(a, "multipart/form-data; boundary=XyZ", body, 40, &f,
	                                  &nf, &u, &nu));
	assert_false(http_parse_multipart(a, "multipart/form-data", body, len, &f, &nf, &u, &nu));
	/* testcase: browsers escape '"', CR and LF in names as %22 %0D %0A */
	const char b2[] = "--B\r\nContent-Disposition: form-data; name=\"f\"; "
	                  "filename=\"a%22b%0Ac%41.pdf\"\r\n\r\nx\r\n--B--";
	assert_true(http_parse_multipart(a, "multipart/form-data; boundary=B", b2, sizeof b2 - 1,
	                                 &f, &nf, &u, &nu));
	assert_int_equal(nu, 1);
	assert_string_equal(u[0].filename, "a\"b\nc%41.pdf");
	arena_free(a);
}

static void test_i18n(void **state)
{
	(void)state;
	assert_true(i18n_init() > 0);
	assert_string_equal(i18n_text("vi", "Sign in"), "Đăng nhập");
	assert_string_equal(i18n_text("en", "Sign in"), "Sign in");
	assert_string_equal(i18n_text("vi", "no such msgid"), "no such msgid");
	assert_string_equal(i18n_accept_language(NULL), "vi");
	assert_string_equal(i18n_accept_language("en-US,en;q=0.9"), "en");
	assert_string_equal(i18n_accept_language("vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7"), "vi");
	assert_string_equal(i18n_accept_language("fr, en;q=0.5"), "en");
	assert_string_equal(i18n_accept_language("en;q=0.2, vi;q=0.8"), "vi");
	assert_string_equal(i18n_accept_language("fr-FR"), "vi"); /* testcase: default */
	assert_string_equal(i18n_accept_language("english"), "vi"); /* not "en-" */
	assert_string_equal(i18n_accept_language("en;q=0"), "vi");  /* testcase: q=0 refuses */
}

static void test_local_path(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	/* testcase: protocol-relative and backslash paths become local ones */
	assert_string_equal(http_local_path(a, "//evil.example/x"), "/evil.example/x");
	assert_string_equal(http_local_path(a, "/\\evil.example"), "/evil.example");
	assert_string_equal(http_local_path(a, "/a\\b"), "/a%5Cb");
	assert_string_equal(http_local_path(a, "\\\\evil.example"), "/evil.example");
	assert_string_equal(http_local_path(a, "///x//y"), "/x//y");
	assert_string_equal(http_local_path(a, "/\t/evil.example"), "/%09/evil.example");
	assert_string_equal(http_local_path(a, "/a?b#c d\"<"), "/a%3Fb%23c%20d%22%3C");
	assert_string_equal(http_local_path(a, "/units/SO-NV.P01"), "/units/SO-NV.P01");
	assert_string_equal(http_local_path(a, "/Hà"), "/H%C3%A0");
	assert_string_equal(http_local_path(a, ""), "/");
	assert_string_equal(http_local_path(a, NULL), "/");
	assert_true(http_path_is_local("/account?done=lang"));
	assert_true(http_path_is_local("/"));
	assert_false(http_path_is_local("//evil.example"));
	assert_false(http_path_is_local("/\\evil.example"));
	assert_false(http_path_is_local("/\t/evil.example"));  /* browsers drop the tab */
	assert_false(http_path_is_local("/a\\b"));
	assert_false(http_path_is_local("https://evil.example/"));
	assert_false(http_path_is_local(""));
	assert_false(http_path_is_local(NULL));
	arena_free(a);
}

static void test_route_body_limits(void **state)
{
	(void)state;
	/* only POST routes that take a file have the upload limit, and none
	 * of them is open to anonymous visitors */
	size_t uploads = 0;
	for (size_t i = 0; i < nroutes; i++) {
		if (!routes[i].max_body)
			continue;
		uploads++;
		assert_string_equal(routes[i].method, "POST");
		assert_true(routes[i].max_body == HTTP_MAX_UPLOAD);
		assert_true(routes[i].cap != CAP_PUBLIC && routes[i].cap != CAP_LOGIN);
	}
	/* the check routes ask CAP_INSPECT (office and inspector roles), never
	 * CAP_LOGIN; 6th: POST /plans/import (issue 13); + 4 of inspections: checklist
	 * photos, remediation files (page, API); + 2: the survey imports and
	 * margins */
	assert_int_equal(uploads, 12);
	struct arena *a = arena_new();
	struct req *r = arena_alloc(a, sizeof *r);
	r->arena = a;
	bool known;
	assert_non_null(route_match(r, "POST", "/login", &known));
	assert_true(router_body_limit(r) == HTTP_MAX_FORM_BODY);
	assert_non_null(route_match(r, "POST", "/dossiers/import", &known));
	assert_true(router_body_limit(r) == HTTP_MAX_UPLOAD);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_html_bad_format_aborts),
		cmocka_unit_test(test_route_match),
		cmocka_unit_test(test_urlencoded),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_i18n),
		cmocka_unit_test(test_local_path),
		cmocka_unit_test(test_route_body_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
