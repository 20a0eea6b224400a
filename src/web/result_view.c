/* Shared pieces of the result pages (result_view.h). */
#include "web/result_view.h"
#include "web/html.h"
#include "web/page_common.h"
#include "base/arena.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

const char *page_num(struct req *r, double x, int n)
{
	if (!isfinite(x))
		return "—";
	char *s = arena_printf(r->arena, "%.*f", n, x);
	if (strcmp(r->lang ? r->lang : "vi", "en"))
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	return s;
}

const char *page_grade_meaning(struct req *r, const struct framework *fw, size_t g)
{
	/* grades are best first: grade g runs from its min up to the min of
	 * the grade above it */
	const char *lo = page_num(r, fw->grades[g].min, 2);
	if (g == 0)
		return arena_printf(r->arena, "%s %s%% %s", _("from"), lo, _("or more"));
	const char *hi = page_num(r, fw->grades[g - 1].min, 2);
	return arena_printf(r->arena, "%s %s%% %s %s%%", _("from"), lo, _("to under"), hi);
}

void page_domain_legend(struct req *r, const struct framework *fw, bool open)
{
	html_printf(r, "<details class=\"legend\"%s><summary>%h</summary><dl class=\"legend\">",
	            open ? " open" : "", _("Domains and grades explained"));
	for (size_t t = 0; t < fw->ntop; t++) {
		const struct frm_node *nd = &fw->nodes[fw->top[t]];
		html_printf(r, "<dt>%h</dt><dd>%h</dd>", nd->code, nd->title);
	}
	for (size_t g = 0; g < fw->ngrades; g++)
		html_printf(r, "<dt>%h %h</dt><dd>%h %h</dd>", _("Grade"), fw->grades[g].code,
		            _("index"), page_grade_meaning(r, fw, g));
	html_printf(r, "<dt>—</dt><dd>%h</dd></dl></details>",
	            _("incomplete: a criterion still has no value, so the unit is not ranked"));
}

void page_grade_filter(struct req *r, const struct framework *fw, struct tv_filter *f)
{
	const char **values = arena_array(r->arena, fw->ngrades + 2, sizeof *values);
	const char **labels = arena_array(r->arena, fw->ngrades + 2, sizeof *labels);
	size_t n = 0;
	for (size_t g = 0; g < fw->ngrades; g++) {
		values[n] = fw->grades[g].code;
		labels[n++] = fw->grades[g].code;
	}
	values[n] = PAGE_INCOMPLETE;
	labels[n++] = _("incomplete");
	*f = (struct tv_filter){"grade", _("Grade"), values, labels, n};
}

void page_bad_param(struct req *r, const char *msg)
{
	page_error(r, 400, msg);
}

/* ---- a formula in words, beside its code ----
 * A small recursive-descent reading of the formula text (the language of
 * core/formula.h): numbers with the reader's decimal mark, max/min as
 * "the maximum"/"the minimum", the functions as phrases ("rate of a to
 * b", "steps of x: from 0,9: ..."), operators as the signs people write
 * by hand. Only for reading: the score comes from the compiled formula;
 * text this reader does not follow gets no sentence (the code stays). */
struct fr {
	struct req *r;
	const char *s;
	size_t i, depth;
	bool bad;
};

static void fr_space(struct fr *f)
{
	while (f->s[f->i] == ' ' || f->s[f->i] == '\t' || f->s[f->i] == '\n' || f->s[f->i] == '\r')
		f->i++;
}

static bool fr_eat(struct fr *f, const char *tok)
{
	fr_space(f);
	size_t n = strlen(tok);
	if (strncmp(f->s + f->i, tok, n))
		return false;
	f->i += n;
	return true;
}

static bool fr_word(struct fr *f, const char *w)
{
	fr_space(f);
	size_t n = strlen(w);
	char c = f->s[f->i + n];
	if (strncmp(f->s + f->i, w, n) || isalnum((unsigned char)c) || c == '_' || c == '.')
		return false;
	f->i += n;
	return true;
}

static const char *fr_expr(struct fr *f);

static const char *fr_call(struct fr *f, const char *name)
{
	struct req *r = f->r;
	const char *a[16];
	size_t n = 0;
	if (!fr_eat(f, ")")) {
		do {
			if (n == 16) {
				f->bad = true;
				return "";
			}
			a[n++] = fr_expr(f);
		} while (!f->bad && fr_eat(f, ","));
		if (!fr_eat(f, ")"))
			f->bad = true;
	}
	if (f->bad)
		return "";
	if (!strcmp(name, "rate") && n == 2)
		return arena_printf(r->arena, "%s %s %s %s", _("the rate of"), a[0], _("over"), a[1]);
	if (!strcmp(name, "if") && n == 3)
		return arena_printf(r->arena, "(%s %s %s %s, %s %s)", _("if"), a[0], _("then"), a[1],
		                    _("otherwise"), a[2]);
	if (!strcmp(name, "default") && n == 2)
		return arena_printf(r->arena, "%s (%s: %s)", a[0], _("when there is no data"), a[1]);
	if ((!strcmp(name, "min") || !strcmp(name, "max")) && n >= 2) {
		const char *t = a[0];
		for (size_t k = 1; k < n; k++)
			t = arena_printf(r->arena, "%s; %s", t, a[k]);
		return arena_printf(r->arena, "%s (%s)",
		                    !strcmp(name, "min") ? _("the smaller of") : _("the larger of"), t);
	}
	if (!strcmp(name, "clamp") && n == 3)
		return arena_printf(r->arena, "%s %s %s %s", a[0], _("kept between"), a[1], a[2]);
	if (!strcmp(name, "round") && n >= 1)
		return n == 2 ? arena_printf(r->arena, "%s %s %s %s", a[0], _("rounded to"), a[1],
		                             _("decimals"))
		              : arena_printf(r->arena, "%s %s", a[0], _("rounded"));
	if (!strcmp(name, "steps") && n >= 3 && n % 2 == 1) {
		const char *t = arena_printf(r->arena, "%s %s:", _("by steps of"), a[0]);
		for (size_t k = 1; k + 1 < n; k += 2)
			t = arena_printf(r->arena, "%s%s %s %s %s %s", t, k > 1 ? ";" : "", _("from"), a[k],
			                 _("gives"), a[k + 1]);
		return arena_printf(r->arena, "(%s)", t);
	}
	f->bad = true;
	return "";
}

static const char *fr_primary(struct fr *f)
{
	struct req *r = f->r;
	fr_space(f);
	const char *p = f->s + f->i;
	if (++f->depth > 64) {
		f->bad = true;
		return "";
	}
	if (fr_eat(f, "(")) {
		const char *e = fr_expr(f);
		if (!fr_eat(f, ")"))
			f->bad = true;
		f->depth--;
		return arena_printf(r->arena, "(%s)", e);
	}
	if (fr_eat(f, "-")) {
		const char *e = fr_primary(f);
		f->depth--;
		return arena_printf(r->arena, "−%s", e);
	}
	if (fr_word(f, "not")) {
		const char *e = fr_primary(f);
		f->depth--;
		return arena_printf(r->arena, "%s %s", _("not"), e);
	}
	if (isdigit((unsigned char)*p)) {
		size_t n = 0;
		while (isdigit((unsigned char)p[n]) || p[n] == '.')
			n++;
		f->i += n;
		f->depth--;
		return page_num(r, strtod(arena_strndup(r->arena, p, n), NULL),
		                memchr(p, '.', n) ? (int)(n - (size_t)((const char *)memchr(p, '.', n) - p) - 1)
		                                  : 0);
	}
	if (isalpha((unsigned char)*p) || *p == '_') {
		size_t n = 0;
		while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '.' || p[n] == '@' ||
		       p[n] == '-')
			n++;
		const char *id = arena_strndup(r->arena, p, n);
		f->i += n;
		const char *out;
		if (fr_eat(f, "("))
			out = fr_call(f, id);
		else if (!strcmp(id, "max"))
			out = _("the maximum");
		else if (!strcmp(id, "min"))
			out = _("the minimum");
		else
			out = id; /* a metric: its code, as in the catalogue */
		f->depth--;
		return out;
	}
	f->bad = true;
	return "";
}

static const char *fr_mul(struct fr *f)
{
	const char *a = fr_primary(f);
	for (;;) {
		if (fr_eat(f, "*"))
			a = arena_printf(f->r->arena, "%s × %s", a, fr_primary(f));
		else if (fr_eat(f, "/"))
			a = arena_printf(f->r->arena, "%s ÷ %s", a, fr_primary(f));
		else
			return a;
	}
}

static const char *fr_add(struct fr *f)
{
	const char *a = fr_mul(f);
	for (;;) {
		if (fr_eat(f, "+"))
			a = arena_printf(f->r->arena, "%s + %s", a, fr_mul(f));
		else if (fr_eat(f, "-"))
			a = arena_printf(f->r->arena, "%s − %s", a, fr_mul(f));
		else
			return a;
	}
}

static const char *fr_cmp(struct fr *f)
{
	static const char *const ops[][2] = {{"<=", "≤"}, {">=", "≥"}, {"!=", "≠"}, {"==", "="},
	                                     {"<", "<"},  {">", ">"},  {"=", "="}};
	const char *a = fr_add(f);
	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
		if (fr_eat(f, ops[k][0]))
			return arena_printf(f->r->arena, "%s %s %s", a, ops[k][1], fr_add(f));
	return a;
}

static const char *fr_expr(struct fr *f)
{
	struct req *r = f->r;
	const char *a = fr_cmp(f);
	for (;;) {
		if (fr_word(f, "and"))
			a = arena_printf(r->arena, "%s %s %s", a, _("and"), fr_cmp(f));
		else if (fr_word(f, "or"))
			a = arena_printf(r->arena, "%s %s %s", a, _("or"), fr_cmp(f));
		else
			return a;
	}
}

const char *page_formula_words(struct req *r, const char *text)
{
	struct fr f = {r, text, 0, 0, false};
	const char *w = fr_expr(&f);
	fr_space(&f);
	return f.bad || f.s[f.i] ? NULL : w;
}
