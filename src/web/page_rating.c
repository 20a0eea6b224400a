/*
 * The citizen's rating of a finished dossier (shared/formats/surveys.md
 * "Public form and ratings") and the office's printable receipt slips.
 *
 * /rate/{token} is a capability URL: the token (256 random bits, printed
 * as a QR code on the receipt) is the only right the form needs, so there
 * is no session and no CSRF token (route flag capability_path; the router
 * still refuses a cross-origin POST). Cross-site request forgery makes a
 * victim's browser send a request the attacker wrote; to write this one
 * the attacker must know the token, and whoever knows it can send the
 * request himself: the victim's browser adds no right (no cookie is
 * read). docs/internals/group-commit.md "Tokens".
 *
 * Mobile first, Vietnamese by default, five large radio buttons in a
 * fieldset with a legend, no JavaScript. A refusal (no rating, 0 or 6, a
 * comment over 1000 characters) answers 422 with the form as typed; an
 * unknown token 404. Rate-limited per address as the public survey form
 * (PARINDEX_RATINGS_PER_HOUR, default 60; 0: no limit, for the bench).
 * A 303 to the thank-you page means the rating is on disk (app_rating_put
 * returns after the group commit's fsync).
 */
#include "web/html.h"
#include "web/page_common.h"
#include "web/pages.h"
#include "web/rate_limit.h"
#include "web/server.h"
#include "app/rating.h"
#include "io/qr.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATINGS_PER_HOUR 60
static struct rate_limit rating_limit = RATE_LIMIT_INIT;

static long per_hour(void)
{
	const char *s = getenv("PARINDEX_RATINGS_PER_HOUR");
	return s && *s ? atol(s) : RATINGS_PER_HOUR;
}

static const char *const rating_words[] = {
	NULL, "1 — very dissatisfied", "2 — dissatisfied", "3 — neither", "4 — satisfied",
	"5 — very satisfied"};

static void form_page(struct req *r, const struct rating_target *t, const char *typed_rating,
                      const char *typed_comment, const char *err_field, const char *err)
{
	const char *token = req_path_param(r, 0);
	html_page_begin(r, _("Rate the service"));
	char local[DATETIME_LOCAL_LEN];
	html_printf(r, "<div class=\"rating-page\"><p>%h: <strong>%h</strong></p>", _("Dossier"),
	            t->dossier_code);
	if (*t->procedure_name)
		html_printf(r, "<p>%h</p>", t->procedure_name);
	html_printf(r, "<p>%h: %h</p>", _("Finished"), datetime_text_local(t->finished_at, local));
	if (t->rated >= 1 && t->rated <= 5 && !err)
		html_printf(r, "<p role=\"status\">%h: %h. %h</p>", _("Your rating so far"),
		            _(rating_words[t->rated]), _("Sending again replaces it."));
	if (err && (!err_field || (strcmp(err_field, "rating") && strcmp(err_field, "comment"))))
		html_printf(r, "<p class=\"flash error\" role=\"alert\">%h</p>", err);
	html_printf(r, "<form method=\"post\" action=\"/rate/%u\" class=\"rating-form\">", token);
	bool bad_rating = err_field && !strcmp(err_field, "rating");
	const char *cur = typed_rating ? typed_rating : "";
	char was[2] = {0};
	if (!typed_rating && t->rated >= 1 && t->rated <= 5) {
		was[0] = (char)('0' + t->rated);
		cur = was;
	}
	html_printf(r, "<fieldset class=\"rating-scale\"%s><legend>%h</legend>",
	            bad_rating ? " aria-describedby=\"rating-e\"" : "",
	            _("How satisfied are you with how your dossier was handled?"));
	if (bad_rating)
		html_printf(r, "<p class=\"flash error\" role=\"alert\" id=\"rating-e\">%h</p>", err);
	for (int k = 5; k >= 1; k--) {
		char v[2] = {(char)('0' + k), 0};
		html_printf(r, "<label class=\"rating-choice\"><input type=\"radio\" name=\"rating\" "
		               "value=\"%h\"%s%s> <span>%h</span></label>",
		            v, !strcmp(cur, v) ? " checked" : "", k == 5 ? " required" : "",
		            _(rating_words[k]));
	}
	html_printf(r, "</fieldset>");
	bool bad_comment = err_field && !strcmp(err_field, "comment");
	html_printf(r, "<p class=\"rating-comment\"><label for=\"rating-comment\">%h</label>"
	               "<textarea id=\"rating-comment\" name=\"comment\" rows=\"4\" maxlength=\"%d\"%s>%h"
	               "</textarea>",
	            _("Comment (optional, at most 1000 characters)"), RATING_COMMENT_MAX,
	            bad_comment ? " aria-invalid=\"true\" aria-describedby=\"comment-e\"" : "",
	            typed_comment ? typed_comment : t->comment);
	if (bad_comment)
		html_printf(r, "<span class=\"flash error\" role=\"alert\" id=\"comment-e\">%h</span>",
		            err);
	html_printf(r, "</p><p><button type=\"submit\" class=\"rating-send\">%h</button></p></form>",
	            _("Send my rating"));
	html_printf(r, "<p>%h</p></div>",
	            _("Only your rating and comment are kept, with the dossier; nothing about you."));
	html_page_end(r);
}

static bool target(struct req *r, struct rating_target *t)
{
	enum px_err e = app_rating_target(&r->app, req_path_param(r, 0), t);
	if (e == PX_OK)
		return true;
	page_error(r, e == PX_NOTFOUND ? 404 : 500, e == PX_NOTFOUND ? "Not found" : "Internal error");
	return false;
}

void page_rating_form(struct req *r)
{
	struct rating_target t;
	if (target(r, &t))
		form_page(r, &t, NULL, NULL, NULL, NULL);
}

/* The answer to a POST once app_rating_put's work is done (e). */
static void post_answer(struct req *r, enum px_err e, struct diags *d)
{
	const char *token = req_path_param(r, 0);
	if (e == PX_OK) {
		resp_redirect(r, http_local_path(r->arena, arena_printf(r->arena, "/rate/%s/thanks", token)));
	} else if (e == PX_BADINPUT) {
		struct rating_target t;
		const char *rating = req_param(r, "rating"), *comment = req_param(r, "comment");
		if (target(r, &t)) {
			str_reset(&r->out);
			form_page(r, &t, rating ? rating : "", comment ? comment : "", d->v[0].where,
			          web_diag_text(r, d));
			r->status = d->v[0].where ? 422 : 429;
		}
	} else if (e == PX_NOTFOUND) {
		page_error(r, 404, "Not found");
	} else {
		/* the database failed: nothing is stored; try again later */
		resp_header(r, "Retry-After", "2");
		page_app_error(r, PX_FAIL, d);
		r->status = 503;
	}
}

struct deferred_post {
	struct rating_put *p;
	void (*wake)(struct req *r);
	struct req *r;
};

static void post_committed(void *ctx)
{
	struct deferred_post *dp = ctx;
	dp->wake(dp->r);
}

static void post_start(struct req *r, void (*wake)(struct req *r))
{
	struct deferred_post *dp = r->defer_ctx;
	dp->wake = wake;
	dp->r = r;
	app_rating_submit_async(dp->p, post_committed, dp);
}

static void post_resumed(struct req *r)
{
	struct deferred_post *dp = r->defer_ctx;
	struct diags d;
	diags_init(&d);
	post_answer(r, app_rating_result(dp->p, &d), &d);
	diags_free(&d);
}

void page_rating_post(struct req *r)
{
	const char *token = req_path_param(r, 0);
	const char *rating = req_param(r, "rating"), *comment = req_param(r, "comment");
	struct diags d;
	diags_init(&d);
	enum px_err e;
	struct rating_put *p = NULL;
	if (!rate_limit_ok(&rating_limit, req_client_ip(r), per_hour())) {
		diag_err(&d, NULL, 0, 0, "quá nhiều đánh giá gửi từ địa chỉ này, xin thử lại sau",
		         "too many ratings sent from this address, please try again later");
		e = PX_BADINPUT;
	} else if (app_rating_async()) {
		/* checked here; the commit without holding this worker thread */
		e = app_rating_check(&r->app, token, rating, comment, &d, &p);
		if (e == PX_OK) {
			struct deferred_post *dp = arena_alloc(r->arena, sizeof *dp);
			dp->p = p;
			r->defer_ctx = dp;
			r->defer = post_start;
			r->cont = post_resumed;
			diags_free(&d);
			return;
		}
	} else {
		e = app_rating_put(&r->app, token, rating, comment, &d);
	}
	post_answer(r, e, &d);
	diags_free(&d);
}

void page_rating_thanks(struct req *r)
{
	struct rating_target t;
	if (!target(r, &t))
		return;
	html_page_begin(r, _("Thank you"));
	html_printf(r, "<div class=\"rating-page\"><p role=\"status\">%h</p>",
	            _("Your rating is saved. Thank you for helping us serve you better."));
	if (t.rated >= 1 && t.rated <= 5)
		html_printf(r, "<p>%h: %h</p>", _("Your rating"), _(rating_words[t.rated]));
	html_printf(r, "<p><a href=\"/rate/%u\">%h</a></p></div>", req_path_param(r, 0),
	            _("Change my rating"));
	html_page_end(r);
}

/* ---- the receipt slips (the office) ------------------------------------------ */

static const char *base_url(struct req *r)
{
	const char *host = req_header(r, "Host");
	return arena_printf(r->arena, "%s://%s", r->secure ? "https" : "http",
	                    host && *host ? host : "127.0.0.1");
}

static void slips(struct req *r, bool create)
{
	struct actor who = web_actor(r);
	const char *unit = req_param(r, "unit"), *month = req_param(r, "month"),
		   *dossier = req_param(r, "dossier");
	struct diags d;
	diags_init(&d);
	struct rating_token_rec *v;
	size_t n;
	enum px_err e = app_rating_tokens(&r->app, &who, unit, month, dossier, create, &v, &n, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	if (create) {
		const char *q = dossier && *dossier
			? html_arena(r, "/rating-slips?dossier=%u", dossier)
			: html_arena(r, "/rating-slips?unit=%u&month=%u", unit, month);
		resp_redirect(r, q);
		return;
	}
	const char *base = base_url(r);
	html_page_begin(r, _("Rating slips"));
	html_printf(r, "<p class=\"rating-noprint\">%h</p>",
	            _("Print this page and hand each citizen the slip of the dossier with its result: "
	              "scanning the square opens the rating form."));
	size_t missing = 0;
	for (size_t i = 0; i < n; i++)
		missing += !v[i].token;
	if (missing) {
		html_printf(r, "<form method=\"post\" action=\"/rating-slips\" class=\"rating-noprint\">");
		html_csrf_field(r);
		if (dossier && *dossier)
			html_printf(r, "<input type=\"hidden\" name=\"dossier\" value=\"%h\">", dossier);
		else
			html_printf(r, "<input type=\"hidden\" name=\"unit\" value=\"%h\">"
			               "<input type=\"hidden\" name=\"month\" value=\"%h\">", unit, month);
		html_printf(r, "<p>%h: %zu <button type=\"submit\">%h</button></p></form>",
		            _("Finished dossiers without a slip yet"), missing, _("Create their slips"));
	}
	if (!n)
		html_printf(r, "<p>%h</p>", _("No finished dossier."));
	html_printf(r, "<ul class=\"rating-slips\">");
	for (size_t i = 0; i < n; i++) {
		if (!v[i].token)
			continue;
		const char *url = app_rating_url(&r->app, base, v[i].token);
		struct str svg;
		str_init(&svg, 0);
		bool drawn = qr_svg(url, &svg) == PX_OK;
		html_printf(r, "<li class=\"rating-slip\"><p><strong>%h</strong></p><p>%h</p>",
		            v[i].dossier_code, _("How satisfied are you? Scan to rate the service (1–5)."));
		if (drawn)
			html_svg(r, str_cstr(&svg), svg.len);
		html_printf(r, "<p class=\"rating-url\">%h</p></li>", url);
		str_free(&svg);
	}
	html_printf(r, "</ul>");
	html_page_end(r);
}

void page_rating_slips(struct req *r)
{
	slips(r, false);
}

void page_rating_slips_create(struct req *r)
{
	slips(r, true);
}
