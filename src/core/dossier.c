/*
 * Dossier definitions and the per-(unit, month) aggregate; see dossier.h
 * and docs/internals/dossier.md.
 *
 * Why it is built this way:
 * - Every definition of shared/formats/dossiers.md is written once,
 *   here, as a function of one dossier (dossier_effect). The fast path,
 *   the import and the late list differ only in where the dossiers come
 *   from.
 * - Months are integers and instants are compared as integers: a month
 *   ends at its last instant (23:59:59 local); since instants are whole
 *   seconds, "t <= end of M" is "month(t) <= M" and "t > end of M" is
 *   "month(t) > M". So the open and overdue stocks are month ranges, and
 *   a range is two deltas: no per-dossier state outlives its row.
 * - A unit keeps its cells in one dense array over the months it has
 *   seen (a few years: a few KB), grown at either end; a month farther
 *   than MAX_SPAN from the others (a due date in 2999) goes to a small
 *   overflow table. Adding a dossier is then a few array increments.
 */
#include "core/dossier.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/datetime.h"
#include "base/map.h"
#include "base/mem.h"

#define MAX_SPAN 2400 /* months (200 years) of dense cells per unit */

static const char *const channel_names[] = {"direct", "online", "postal"};
static const char *const online_names[] = {"none", "partial", "full"};
static const char *const status_names[] = {"processing", "finished", "rejected", "withdrawn"};
static const char *const field_names[DOSSIER_NFIELDS] = {
	"received",         "received_online",  "received_full_online", "paid_online",
	"digitized",        "finished",         "finished_on_time",     "result_digitized",
	"rated",            "satisfied",        "overdue_open",         "open"};

const char *dossier_channel_name(enum dossier_channel c)
{
	return (unsigned)c < 3 ? channel_names[c] : "";
}

const char *dossier_online_name(enum dossier_online k)
{
	return (unsigned)k < 3 ? online_names[k] : "";
}

const char *dossier_status_name(enum dossier_status s)
{
	return (unsigned)s < 4 ? status_names[s] : "";
}

const char *dossier_field_name(enum dossier_field f)
{
	return (unsigned)f < DOSSIER_NFIELDS ? field_names[f] : "";
}

static int word_index(const char *const *words, int nwords, const char *s, size_t n)
{
	for (int i = 0; i < nwords; i++)
		if (strlen(words[i]) == n && !memcmp(words[i], s, n))
			return i;
	return -1;
}

bool dossier_channel_parse(const char *s, size_t n, enum dossier_channel *out)
{
	int i = word_index(channel_names, 3, s, n);
	if (i < 0)
		return false;
	*out = (enum dossier_channel)i;
	return true;
}

bool dossier_online_parse(const char *s, size_t n, enum dossier_online *out)
{
	int i = word_index(online_names, 3, s, n);
	if (i < 0)
		return false;
	*out = (enum dossier_online)i;
	return true;
}

bool dossier_status_parse(const char *s, size_t n, enum dossier_status *out)
{
	int i = word_index(status_names, 4, s, n);
	if (i < 0)
		return false;
	*out = (enum dossier_status)i;
	return true;
}

static const struct {
	const char *name;
	enum dossier_field num, den;
} rates[DOSSIER_NRATES] = {
	[DOSSIER_RATE_ON_TIME] = {"on_time_rate", DOSSIER_FINISHED_ON_TIME, DOSSIER_FINISHED},
	[DOSSIER_RATE_ONLINE] = {"online_rate", DOSSIER_RECEIVED_ONLINE, DOSSIER_RECEIVED},
	[DOSSIER_RATE_FULL_ONLINE] = {"full_online_rate", DOSSIER_RECEIVED_FULL_ONLINE,
	                              DOSSIER_RECEIVED},
	[DOSSIER_RATE_PAID_ONLINE] = {"paid_online_rate", DOSSIER_PAID_ONLINE, DOSSIER_RECEIVED},
	[DOSSIER_RATE_DIGITIZED] = {"digitized_rate", DOSSIER_DIGITIZED, DOSSIER_RECEIVED},
	[DOSSIER_RATE_RESULT_DIGITIZED] = {"result_digitized_rate", DOSSIER_RESULT_DIGITIZED,
	                                   DOSSIER_FINISHED},
	[DOSSIER_RATE_SATISFIED] = {"satisfied_rate", DOSSIER_SATISFIED, DOSSIER_RATED},
	[DOSSIER_RATE_OVERDUE] = {"overdue_rate", DOSSIER_OVERDUE_OPEN, DOSSIER_OPEN},
};

const char *dossier_rate_name(enum dossier_rate r)
{
	return (unsigned)r < DOSSIER_NRATES ? rates[r].name : "";
}

void dossier_rate_fields(enum dossier_rate r, enum dossier_field *num, enum dossier_field *den)
{
	*num = rates[r].num;
	*den = rates[r].den;
}

bool dossier_rate_value(enum dossier_rate r, const int64_t *v, double *out)
{
	if ((unsigned)r >= DOSSIER_NRATES || v[rates[r].den] == 0)
		return false;
	*out = (double)v[rates[r].num] / (double)v[rates[r].den];
	return true;
}

/* ---- months ---- */

int32_t dossier_month_from_ymd(int y, int m)
{
	return (int32_t)y * 12 + (m - 1);
}

int32_t dossier_month_of(int64_t t)
{
	int y, m, d;
	date_to_ymd(datetime_local_date(t), &y, &m, &d);
	return dossier_month_from_ymd(y, m);
}

/* Day number of the first day of a month of years 1..9999 (Hinnant's
 * days_from_civil with non-negative operands, so no floor division). */
static int64_t month_first_day(int32_t month)
{
	int64_t y = month / 12, m = month % 12 + 1;
	y -= m <= 2;
	int64_t era = y / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t dossier_month_end(int32_t month)
{
	if (month < 12)
		month = 12;
	return month_first_day(month + 1) * 86400 - VN_UTC_OFFSET - 1;
}

void dossier_set_months(struct dossier *d)
{
	d->received_month = dossier_month_of(d->received_at);
	d->due_month = dossier_month_of(d->due_at);
	d->finished_month = d->has_finished ? dossier_month_of(d->finished_at) : DOSSIER_NO_MONTH;
}

void dossier_month_format(int32_t month, char out[8])
{
	int y = month / 12, m = month % 12 + 1;
	if (month < 12)
		y = 1, m = 1;
	if (y > 9999)
		y = 9999, m = 12;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = 0;
}

bool dossier_month_parse(const char *s, size_t n, int32_t *out)
{
	struct period p;
	if (n != 7 || !period_parse(s, n, &p) || p.kind != PERIOD_MONTH || p.year > 9999)
		return false;
	*out = dossier_month_from_ymd(p.year, p.n);
	return true;
}

/* ---- one dossier ---- */

unsigned dossier_check(const struct dossier *d)
{
	unsigned bad = 0;
	if (d->status == DOSSIER_ST_FINISHED && !d->has_finished)
		bad |= DOSSIER_BAD_FINISHED_MISSING;
	if (d->status == DOSSIER_ST_PROCESSING && d->has_finished)
		bad |= DOSSIER_BAD_PROCESSING_CLOSED;
	if (d->has_finished && d->finished_at < d->received_at)
		bad |= DOSSIER_BAD_FINISHED_EARLY;
	if (d->due_at < d->received_at)
		bad |= DOSSIER_BAD_DUE_EARLY;
	return bad;
}

static int32_t years_later(int32_t day, int years)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	y += years;
	if (m == 2 && d == 29 && !date_valid_ymd(y, m, d))
		d = 28;
	return date_from_ymd(y, m, d);
}

void dossier_range_make(int32_t min, int32_t today, int years_ahead, int due_years_ahead,
                        struct dossier_range *out)
{
	out->min = min;
	out->max = years_later(today, years_ahead);
	out->due_max = years_later(today, due_years_ahead);
}

static bool day_in(int64_t t, int32_t lo, int32_t hi)
{
	int32_t day = datetime_local_date(t);
	return day >= lo && day <= hi;
}

unsigned dossier_check_range(const struct dossier *d, const struct dossier_range *r)
{
	unsigned bad = 0;
	if (!day_in(d->received_at, r->min, r->max))
		bad |= DOSSIER_OUT_RECEIVED;
	if (!day_in(d->due_at, r->min, r->due_max))
		bad |= DOSSIER_OUT_DUE;
	if (d->has_finished && !day_in(d->finished_at, r->min, r->max))
		bad |= DOSSIER_OUT_FINISHED;
	return bad;
}

static bool can_be_open(const struct dossier *d)
{
	return d->status == DOSSIER_ST_PROCESSING || d->status == DOSSIER_ST_FINISHED;
}

bool dossier_open_at(const struct dossier *d, int64_t t)
{
	return can_be_open(d) && d->received_at <= t && (!d->has_finished || d->finished_at > t);
}

bool dossier_overdue_open_at(const struct dossier *d, int32_t month)
{
	int64_t end = dossier_month_end(month);
	return dossier_open_at(d, end) && d->due_at < end;
}

bool dossier_finished_late(const struct dossier *d)
{
	return d->status == DOSSIER_ST_FINISHED && d->has_finished && d->finished_at > d->due_at;
}

void dossier_effect(const struct dossier *d, struct dossier_effect *e)
{
	int32_t received = d->received_month;
	e->received_month = received;
	uint32_t rf = 1u << DOSSIER_RECEIVED;
	if (d->channel == DOSSIER_ONLINE)
		rf |= 1u << DOSSIER_RECEIVED_ONLINE;
	if (d->online_kind == DOSSIER_ONLINE_FULL)
		rf |= 1u << DOSSIER_RECEIVED_FULL_ONLINE;
	if (d->paid_online)
		rf |= 1u << DOSSIER_PAID_ONLINE;
	if (d->digitized)
		rf |= 1u << DOSSIER_DIGITIZED;
	e->received_flags = rf;

	e->finished_month = DOSSIER_NO_MONTH;
	e->finished_flags = 0;
	int32_t closed = d->has_finished ? d->finished_month : DOSSIER_NO_MONTH;
	if (d->status == DOSSIER_ST_FINISHED && d->has_finished) {
		uint32_t ff = 1u << DOSSIER_FINISHED;
		if (d->finished_at <= d->due_at)
			ff |= 1u << DOSSIER_FINISHED_ON_TIME;
		if (d->result_digitized)
			ff |= 1u << DOSSIER_RESULT_DIGITIZED;
		if (d->rating) {
			ff |= 1u << DOSSIER_RATED;
			if (d->rating >= 4)
				ff |= 1u << DOSSIER_SATISFIED;
		}
		e->finished_month = closed;
		e->finished_flags = ff;
	}

	/* open at the end of M: received <= end(M) <=> received month <= M;
	 * finished_at > end(M) <=> finished month > M */
	if (can_be_open(d)) {
		e->open_from = received;
		e->open_until = closed;
		/* due_at < end(M): every month after the due month, and the due
		 * month itself unless due_at is its very last second */
		int32_t due = d->due_month;
		int32_t first_overdue = d->due_at < dossier_month_end(due) ? due : due + 1;
		e->overdue_from = first_overdue > received ? first_overdue : received;
		e->overdue_until = closed;
	} else {
		e->open_from = e->open_until = DOSSIER_NO_MONTH;
		e->overdue_from = e->overdue_until = DOSSIER_NO_MONTH;
	}
}

/* ---- the aggregate ---- */

struct cell {
	int64_t v[DOSSIER_NCELL];
};

struct unit_acc {
	const char *name; /* NUL-terminated copy in the names arena */
	size_t len;
	int32_t base;     /* month of cells[0] */
	int32_t span;     /* months allocated */
	struct cell *cells;
};

struct overflow_cell {
	uint64_t key; /* (unit index << 32 | month as uint32) + 1; 0 = empty */
	int64_t v[DOSSIER_NCELL];
};

struct dossier_agg {
	struct map units; /* name -> index + 1 */
	struct arena *names;
	struct unit_acc *u;
	size_t nu, cu;
	struct overflow_cell *ov;
	size_t nov, cov;
};

struct dossier_agg *dossier_agg_new(void)
{
	struct dossier_agg *a = xcalloc(1, sizeof *a);
	map_init(&a->units);
	a->names = arena_new();
	return a;
}

void dossier_agg_free(struct dossier_agg *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nu; i++)
		free(a->u[i].cells);
	free(a->u);
	free(a->ov);
	map_free(&a->units);
	arena_free(a->names);
	free(a);
}

static size_t unit_index(struct dossier_agg *a, const char *name, size_t n)
{
	uintptr_t v = (uintptr_t)map_get(&a->units, name, n);
	if (v)
		return v - 1;
	if (a->nu == a->cu) {
		a->cu = a->cu ? a->cu * 2 : 64;
		a->u = xrealloc(a->u, size_mul(a->cu, sizeof *a->u));
	}
	map_put(&a->units, name, n, (void *)(uintptr_t)(a->nu + 1));
	struct unit_acc *u = &a->u[a->nu];
	memset(u, 0, sizeof *u);
	u->name = arena_strndup(a->names, name, n);
	u->len = n;
	return a->nu++;
}

static uint64_t ov_hash(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

static int64_t *overflow_cell(struct dossier_agg *a, size_t unit, int32_t month)
{
	uint64_t key = (((uint64_t)unit << 32) | (uint32_t)month) + 1;
	if ((a->nov + 1) * 2 > a->cov) {
		size_t cap = a->cov ? a->cov * 2 : 64;
		struct overflow_cell *old = a->ov;
		size_t oldcap = a->cov;
		a->ov = xcalloc(cap, sizeof *a->ov);
		a->cov = cap;
		for (size_t i = 0; i < oldcap; i++) {
			if (!old[i].key)
				continue;
			size_t j = ov_hash(old[i].key) & (cap - 1);
			while (a->ov[j].key)
				j = (j + 1) & (cap - 1);
			a->ov[j] = old[i];
		}
		free(old);
	}
	size_t j = ov_hash(key) & (a->cov - 1);
	while (a->ov[j].key && a->ov[j].key != key)
		j = (j + 1) & (a->cov - 1);
	if (!a->ov[j].key) {
		a->ov[j].key = key;
		a->nov++;
	}
	return a->ov[j].v;
}

/* The cell of (unit, month), creating it. */
static int64_t *cell(struct dossier_agg *a, size_t unit, int32_t month)
{
	struct unit_acc *u = &a->u[unit];
	int64_t rel = (int64_t)month - u->base;
	if (u->span && rel >= 0 && rel < u->span)
		return u->cells[rel].v;
	int64_t lo = u->span ? (month < u->base ? month : u->base) : month;
	int64_t hi = u->span ? ((int64_t)month + 1 > (int64_t)u->base + u->span ? (int64_t)month + 1
	                                                                       : (int64_t)u->base + u->span)
	                     : (int64_t)month + 1;
	if (hi - lo > MAX_SPAN)
		return overflow_cell(a, unit, month);
	/* grow to at least twice the span, padding on the side that grew */
	int64_t want = 2 * (int64_t)u->span > 24 ? 2 * (int64_t)u->span : 24;
	if (want > MAX_SPAN)
		want = MAX_SPAN;
	if (hi - lo < want) {
		if (u->span && month < u->base)
			lo = hi - want;
		else
			hi = lo + want;
	}
	struct cell *cells = xcalloc((size_t)(hi - lo), sizeof *cells);
	if (u->span)
		memcpy(&cells[u->base - lo], u->cells, (size_t)u->span * sizeof *cells);
	free(u->cells);
	u->cells = cells;
	u->base = (int32_t)lo;
	u->span = (int32_t)(hi - lo);
	return u->cells[month - lo].v;
}

size_t dossier_agg_unit(struct dossier_agg *a, const char *name, size_t n)
{
	return unit_index(a, name, n);
}

void dossier_agg_prefetch(const struct dossier_agg *a, size_t unit, int32_t month)
{
	const struct unit_acc *u = &a->u[unit];
	int64_t rel = (int64_t)month - u->base;
	if (u->span && rel >= 0 && rel < u->span)
		__builtin_prefetch(u->cells[rel].v, 1);
}

void dossier_agg_add(struct dossier_agg *a, const char *name, size_t n,
                     const struct dossier_effect *e, int sign)
{
	dossier_agg_add_unit(a, unit_index(a, name, n), e, sign);
}

void dossier_agg_add_unit(struct dossier_agg *a, size_t u, const struct dossier_effect *e,
                          int sign)
{
	int64_t *c = cell(a, u, e->received_month);
	for (int f = 0; f < DOSSIER_NFLOWS; f++)
		if (e->received_flags & (1u << f))
			c[f] += sign;
	if (e->finished_month != DOSSIER_NO_MONTH) {
		c = cell(a, u, e->finished_month);
		for (int f = 0; f < DOSSIER_NFLOWS; f++)
			if (e->finished_flags & (1u << f))
				c[f] += sign;
	}
	if (e->open_from < e->open_until) {
		cell(a, u, e->open_from)[DOSSIER_CELL_OPEN] += sign;
		if (e->open_until != DOSSIER_NO_MONTH)
			cell(a, u, e->open_until)[DOSSIER_CELL_OPEN] -= sign;
	}
	if (e->overdue_from < e->overdue_until) {
		cell(a, u, e->overdue_from)[DOSSIER_CELL_OVERDUE] += sign;
		if (e->overdue_until != DOSSIER_NO_MONTH)
			cell(a, u, e->overdue_until)[DOSSIER_CELL_OVERDUE] -= sign;
	}
}

void dossier_agg_add_cell(struct dossier_agg *a, const char *name, size_t n, int32_t month,
                          const int64_t *v)
{
	int64_t *c = cell(a, unit_index(a, name, n), month);
	for (int f = 0; f < DOSSIER_NCELL; f++)
		c[f] += v[f];
}

static bool cell_zero(const int64_t *v)
{
	for (int f = 0; f < DOSSIER_NCELL; f++)
		if (v[f])
			return false;
	return true;
}

/* Calls fn for every cell of the aggregate (dense, then overflow). */
static void each_cell(const struct dossier_agg *a,
                      void (*fn)(void *ctx, size_t unit, int32_t month, const int64_t *v), void *ctx)
{
	for (size_t i = 0; i < a->nu; i++) {
		const struct unit_acc *u = &a->u[i];
		for (int32_t k = 0; k < u->span; k++)
			if (!cell_zero(u->cells[k].v))
				fn(ctx, i, u->base + k, u->cells[k].v);
	}
	for (size_t i = 0; i < a->cov; i++)
		if (a->ov[i].key && !cell_zero(a->ov[i].v))
			fn(ctx, (size_t)((a->ov[i].key - 1) >> 32), (int32_t)(uint32_t)(a->ov[i].key - 1),
			   a->ov[i].v);
}

struct merge_ctx {
	struct dossier_agg *into;
	const struct dossier_agg *from;
};

static void merge_one(void *ctx, size_t unit, int32_t month, const int64_t *v)
{
	struct merge_ctx *m = ctx;
	const struct unit_acc *u = &m->from->u[unit];
	dossier_agg_add_cell(m->into, u->name, u->len, month, v);
}

void dossier_agg_merge(struct dossier_agg *into, const struct dossier_agg *from)
{
	struct merge_ctx m = {into, from};
	each_cell(from, merge_one, &m);
}

struct bounds_ctx {
	int32_t first, last;
};

static void bounds_one(void *ctx, size_t unit, int32_t month, const int64_t *v)
{
	(void)unit;
	struct bounds_ctx *b = ctx;
	if (v[DOSSIER_RECEIVED] > 0 && (b->first == DOSSIER_NO_MONTH || month < b->first))
		b->first = month;
	if ((v[DOSSIER_RECEIVED] > 0 || v[DOSSIER_FINISHED] > 0) &&
	    (b->last == DOSSIER_NO_MONTH || month > b->last))
		b->last = month;
}

int32_t dossier_agg_last_month(const struct dossier_agg *a)
{
	struct bounds_ctx b = {DOSSIER_NO_MONTH, DOSSIER_NO_MONTH};
	each_cell(a, bounds_one, &b);
	return b.last;
}

int32_t dossier_agg_first_month(const struct dossier_agg *a)
{
	struct bounds_ctx b = {DOSSIER_NO_MONTH, DOSSIER_NO_MONTH};
	each_cell(a, bounds_one, &b);
	return b.first;
}

struct collect_ctx {
	struct dossier_cell *v;
	size_t n, cap;
	const struct dossier_agg *a;
};

static void collect_one(void *ctx, size_t unit, int32_t month, const int64_t *v)
{
	struct collect_ctx *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = xrealloc(c->v, size_mul(c->cap, sizeof *c->v));
	}
	struct dossier_cell *x = &c->v[c->n++];
	x->unit = c->a->u[unit].name;
	x->month = month;
	memcpy(x->v, v, sizeof x->v);
}

static int cmp_cell(const void *p, const void *q)
{
	const struct dossier_cell *a = p, *b = q;
	int r = strcmp(a->unit, b->unit);
	if (r)
		return r;
	return a->month < b->month ? -1 : a->month > b->month;
}

size_t dossier_agg_cells(const struct dossier_agg *a, struct dossier_cell **out)
{
	struct collect_ctx c = {NULL, 0, 0, a};
	each_cell(a, collect_one, &c);
	if (c.n)
		qsort(c.v, c.n, sizeof *c.v, cmp_cell);
	*out = c.v;
	return c.n;
}

struct rows {
	struct dossier_month_row *v;
	size_t n, cap;
};

static void emit(struct rows *r, const char *unit, int32_t month, const int64_t *flows,
                 int64_t open, int64_t overdue)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->v = xrealloc(r->v, size_mul(r->cap, sizeof *r->v));
	}
	struct dossier_month_row *x = &r->v[r->n++];
	x->unit = unit;
	x->month = month;
	for (int f = 0; f < DOSSIER_NFLOWS; f++)
		x->v[f] = flows ? flows[f] : 0;
	x->v[DOSSIER_OVERDUE_OPEN] = overdue;
	x->v[DOSSIER_OPEN] = open;
}

static bool output_nonzero(const int64_t *flows, int64_t overdue)
{
	if (overdue)
		return true;
	for (int f = 0; flows && f < DOSSIER_NFLOWS; f++)
		if (flows[f])
			return true;
	return false;
}

/* The flows of month m when cells[*k] (k < j) is that month: added to the
 * stocks *open and *overdue, *k stepped past it. NULL for a month without
 * a cell. */
static const int64_t *month_flows(const struct dossier_cell *cells, size_t *k, size_t j,
                                  int32_t m, int64_t *open, int64_t *overdue)
{
	if (*k >= j || cells[*k].month != m)
		return NULL;
	const int64_t *flows = cells[(*k)++].v;
	*open += flows[DOSSIER_CELL_OPEN];
	*overdue += flows[DOSSIER_CELL_OVERDUE];
	return flows;
}

/* all_months: every month of [first, last] that lies in a year in which
 * the unit has data (a cell, or a stock carried into the year); a year
 * without any is jumped over, so the work follows the data, not the
 * span between its dates. */
static void unit_months(struct rows *r, const struct dossier_cell *cells, size_t i, size_t j,
                        int32_t first, int32_t last)
{
	const char *unit = cells[i].unit;
	int64_t open = 0, overdue = 0;
	size_t k = i;
	while (k < j && cells[k].month < first)
		month_flows(cells, &k, j, cells[k].month, &open, &overdue);
	int32_t m = first;
	while (m <= last) {
		int32_t year_end = m - m % 12 + 11;
		if (year_end > last)
			year_end = last;
		bool active = open || overdue || (k < j && cells[k].month <= year_end);
		if (!active) {
			if (k >= j)
				break;
			int32_t next = cells[k].month - cells[k].month % 12;
			m = next > m ? next : m + 1;
			continue;
		}
		for (; m <= year_end; m++) {
			const int64_t *flows = month_flows(cells, &k, j, m, &open, &overdue);
			emit(r, unit, m, flows, open, overdue);
		}
	}
}

size_t dossier_agg_table(const struct dossier_agg *a, int32_t first, int32_t last, bool all_months,
                         struct dossier_month_row **out)
{
	struct dossier_cell *cells;
	size_t ncells = dossier_agg_cells(a, &cells);
	struct rows r = {0};
	for (size_t i = 0; i < ncells;) {
		size_t j = i;
		while (j < ncells && !strcmp(cells[j].unit, cells[i].unit))
			j++;
		/* cells [i, j) of one unit, by month */
		if (all_months) {
			if (last != DOSSIER_NO_MONTH)
				unit_months(&r, cells, i, j, first, last);
			i = j;
			continue;
		}
		const char *unit = cells[i].unit;
		int64_t open = 0, overdue = 0;
		size_t k = i;
		int32_t m = cells[i].month;
		while (m <= last && last != DOSSIER_NO_MONTH) {
			const int64_t *flows = month_flows(cells, &k, j, m, &open, &overdue);
			if (output_nonzero(flows, overdue))
				emit(&r, unit, m, flows, open, overdue);
			if (overdue == 0) {
				/* nothing to report until the next cell */
				if (k >= j)
					break;
				m = cells[k].month;
			} else {
				m++;
			}
		}
		i = j;
	}
	free(cells);
	*out = r.v;
	return r.n;
}
