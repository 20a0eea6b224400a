/* Emulation titles as pure rules; see emulation.h. */
#include "core/emulation.h"
#include "core/number.h"
#include "core/evaluation.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const emu_init_levels[] = {"grassroots", "province", "national", NULL};
const char *const emu_disc_forms[] = {"reprimand", "warning", "demotion", "dismissal", NULL};

static int word_find(const char *const *v, const char *s)
{
	for (int i = 0; s && v[i]; i++)
		if (!strcmp(v[i], s))
			return i;
	return -1;
}

int emu_init_level_parse(const char *s)
{
	return word_find(emu_init_levels, s);
}

int emu_disc_form_parse(const char *s)
{
	return word_find(emu_disc_forms, s);
}

int emu_title_find(const struct emu_rules *r, const char *code)
{
	for (size_t i = 0; code && i < r->ntitles; i++)
		if (!strcmp(r->titles[i].code, code))
			return (int)i;
	return -1;
}

bool emu_vote_passes(long vote_ppm, long yes, long members)
{
	if (members <= 0 || yes < 0 || yes > members)
		return false;
	return (long long)yes * 1000000LL >= (long long)vote_ppm * members;
}

bool emu_share_parse(const char *s, long *ppm)
{
	double x;
	int dec = 0;
	if (!s || !number_parse_input(s, strlen(s), &x, &dec) || dec > 6 || x < 0 || x > 1)
		return false;
	*ppm = (long)(x * 1e6 + 0.5);
	return true;
}

bool emu_quorum_met(long quorum_ppm, long taking_part, long members)
{
	if (members <= 0 || taking_part < 0 || taking_part > members)
		return false;
	return (long long)taking_part * 1000000LL >= (long long)quorum_ppm * members;
}

long emu_cash(long cash_milli, long base_salary)
{
	long long v = (long long)cash_milli * base_salary; /* VND x 1000 */
	return (long)((v + 500000LL) / 1000000LL * 1000LL);
}

void emu_ppm_format(long ppm, char *buf, size_t size)
{
	/* percent with up to two decimals: ppm / 10000 */
	long hundredths = (ppm + 50) / 100; /* of a percent */
	long whole = hundredths / 100, frac = hundredths % 100;
	if (frac == 0)
		snprintf(buf, size, "%ld%%", whole);
	else if (frac % 10 == 0)
		snprintf(buf, size, "%ld,%ld%%", whole, frac / 10);
	else
		snprintf(buf, size, "%ld,%02ld%%", whole, frac);
}

/* ---- the reason text ------------------------------------------------------ */

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const char *fmt, ...)
{
	if (o->len + 1 >= o->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n < o->size - o->len ? (size_t)n : o->size - o->len - 1;
}

struct ctx {
	const struct emu_rules *r;
	const struct emu_person *p; /* one of p, u */
	const struct emu_unit *u;
	const char *candidate;
	const bool *ok; /* earlier titles of the same candidate */
	size_t t;       /* the title being checked */
	const struct emu_facts *f;
};

static const char *lvl(int l)
{
	return l >= 0 && l < EVAL_NLEVEL ? eval_level_names[l] : "?";
}

/* share check n of m >= ppm; "missing" when m == 0 */
static bool share(struct out *o, const char *what, long n, long m, long ppm)
{
	char a[32], b[32];
	if (m <= 0) {
		put(o, "%s=missing", what);
		return false;
	}
	bool pass = (long long)n * 1000000LL >= (long long)ppm * m;
	emu_ppm_format((long)((long long)n * 1000000LL / m), a, sizeof a);
	emu_ppm_format(ppm, b, sizeof b);
	put(o, "%s=%ld/%ld=%s %s %s", what, n, m, a, pass ? ">=" : "<", b);
	return pass;
}

/* Whether the title at index k (earlier in the file) holds for this candidate. */
static bool earlier(const struct ctx *c, const char *code, bool *known)
{
	int k = emu_title_find(c->r, code);
	*known = k >= 0 && (size_t)k < c->t;
	return *known && c->ok[k];
}

static bool cond(const struct ctx *c, const struct emu_cond *e, struct out *o);

static bool rated_members(const struct ctx *c, long *m)
{
	*m = 0;
	for (size_t i = 0; i < c->f->nmembers; i++)
		*m += c->f->members[i].rated && c->f->members[i].level != EVAL_NOT_RATED;
	return *m > 0;
}

static bool cond(const struct ctx *c, const struct emu_cond *e, struct out *o)
{
	const struct emu_person *p = c->p;
	const struct emu_unit *u = c->u;
	bool pass = false, known;
	long n = 0, m = 0;
	switch (e->kind) {
	case EC_LEVEL:
	case EC_LEVEL_AT_LEAST:
		if (!p || !p->rated) {
			put(o, "level=missing");
			return false;
		}
		pass = e->kind == EC_LEVEL ? p->level == e->level : p->level <= e->level;
		put(o, "level=%s %s %s", lvl(p->level),
		    e->kind == EC_LEVEL ? (pass ? "=" : "!=") : (pass ? ">=" : "<"), lvl(e->level));
		return pass;
	case EC_NOT_DISCIPLINED:
		if (!p) {
			put(o, "disciplined=missing");
			return false;
		}
		put(o, "disciplined=%s", p->disc_form < 0 ? "no" : emu_disc_forms[p->disc_form]);
		return p->disc_form < 0;
	case EC_TITLE:
		pass = earlier(c, e->title, &known);
		put(o, "title %s=%s", e->title, pass ? "yes" : "no");
		return pass;
	case EC_CONSECUTIVE: {
		put(o, "consecutive %s=", e->title);
		long have = 0;
		for (long y = c->f->year - e->years + 1; y <= c->f->year; y++) {
			bool h;
			if (y == c->f->year)
				h = earlier(c, e->title, &known);
			else
				h = c->f->awarded && c->f->awarded(c->f->ctx, c->candidate, e->title, (int)y);
			have += h;
			put(o, "%s%ld:%s", y == c->f->year - e->years + 1 ? "" : ",", y, h ? "yes" : "no");
		}
		pass = have == e->years;
		put(o, " (%ld/%ld)", have, e->years);
		return pass;
	}
	case EC_INITIATIVE_AT_LEAST:
		if (!p) {
			put(o, "initiative=missing");
			return false;
		}
		pass = p->initiative >= e->ilevel;
		put(o, "initiative=%s %s %s", p->initiative < 0 ? "none" : emu_init_levels[p->initiative],
		    pass ? ">=" : "<", emu_init_levels[e->ilevel]);
		return pass;
	case EC_MEMBERS_TITLE_SHARE:
	case EC_MEMBERS_WITH_TITLE: {
		int k = emu_title_find(c->r, e->title);
		if (!u || !rated_members(c, &m) || k < 0 || !c->f->member_ok) {
			put(o, "members %s=missing", e->title);
			return false;
		}
		for (size_t i = 0; i < c->f->nmembers; i++)
			n += c->f->members[i].rated && c->f->members[i].level != EVAL_NOT_RATED &&
			     c->f->member_ok[i][k];
		if (e->kind == EC_MEMBERS_WITH_TITLE) {
			pass = n >= e->min_count;
			put(o, "members %s=%ld %s %ld", e->title, n, pass ? ">=" : "<", e->min_count);
			return pass;
		}
		char what[96];
		snprintf(what, sizeof what, "members %s", e->title);
		return share(o, what, n, m, e->min_ppm);
	}
	case EC_MEMBERS_LEVEL_SHARE: {
		if (!u || !rated_members(c, &m)) {
			put(o, "members %s=missing", lvl(e->level));
			return false;
		}
		for (size_t i = 0; i < c->f->nmembers; i++)
			n += c->f->members[i].rated && c->f->members[i].level <= e->level;
		char what[96];
		snprintf(what, sizeof what, "members level>=%s", lvl(e->level));
		return share(o, what, n, m, e->min_ppm);
	}
	case EC_NO_MEMBER_DISC:
		if (!u || !rated_members(c, &m)) {
			put(o, "members disciplined>=%s=missing", emu_disc_forms[e->form]);
			return false;
		}
		for (size_t i = 0; i < c->f->nmembers; i++)
			n += c->f->members[i].rated && c->f->members[i].level != EVAL_NOT_RATED &&
			     c->f->members[i].disc_form >= e->form;
		put(o, "members disciplined>=%s=%ld", emu_disc_forms[e->form], n);
		return n == 0;
	case EC_PAR_RANK_AT_MOST:
		if (!u || !u->has_rank) {
			put(o, "par_rank=missing");
			return false;
		}
		pass = u->rank <= e->rank;
		put(o, "par_rank=%ld %s %ld", u->rank, pass ? "<=" : ">", e->rank);
		return pass;
	case EC_PAR_GAIN_AT_LEAST: {
		if (!u || !u->has_gain) {
			put(o, "par_gain=missing");
			return false;
		}
		pass = u->gain_milli >= e->gain_milli;
		long g = u->gain_milli < 0 ? -u->gain_milli : u->gain_milli;
		long w = e->gain_milli < 0 ? -e->gain_milli : e->gain_milli;
		put(o, "par_gain=%s%ld,%03ld %s %s%ld,%03ld", u->gain_milli < 0 ? "-" : "", g / 1000,
		    g % 1000, pass ? ">=" : "<", e->gain_milli < 0 ? "-" : "", w / 1000, w % 1000);
		return pass;
	}
	case EC_REGISTERED: {
		bool reg = p ? p->registered : u && u->registered;
		put(o, "registered=%s", reg ? "yes" : "no");
		return reg;
	}
	case EC_ANY:
		put(o, "any(");
		for (size_t i = 0; i < e->nsub; i++) {
			if (i)
				put(o, " | ");
			pass |= cond(c, &e->sub[i], o);
		}
		put(o, ")=%s", pass ? "yes" : "no");
		return pass;
	}
	return false;
}

static void check(const struct ctx *c, struct emu_check *out)
{
	const struct emu_title *t = &c->r->titles[c->t];
	struct out o = {out->reason, sizeof out->reason, 0};
	out->reason[0] = 0;
	bool is_unit = c->u != NULL;
	if (t->collective != is_unit) {
		put(&o, "for=%s", t->collective ? "collective" : "individual");
		out->eligible = false;
		return;
	}
	bool all = true;
	for (size_t i = 0; i < t->nwhen; i++) {
		if (i)
			put(&o, "; ");
		all &= cond(c, &t->when[i], &o);
	}
	out->eligible = all;
}

void emu_check_person(const struct emu_rules *r, size_t t, const struct emu_person *p,
                      const bool *ok, const struct emu_facts *f, struct emu_check *out)
{
	struct ctx c = {r, p, NULL, p->code, ok, t, f};
	check(&c, out);
}

void emu_check_unit(const struct emu_rules *r, size_t t, const struct emu_unit *u,
                    const bool *ok, const struct emu_facts *f, struct emu_check *out)
{
	struct ctx c = {r, NULL, u, u->code, ok, t, f};
	check(&c, out);
}
