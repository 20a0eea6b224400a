/*
 * Unit register logic; see register.h. Everything works on indexes into
 * one array, so a set of tens of thousands of units is validated and
 * walked without allocation per unit beyond the arena.
 */
#include "core/register.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/mem.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

void unit_set_init(struct unit_set *s, struct arena *a)
{
	memset(s, 0, sizeof *s);
	map_init(&s->by_code);
	s->arena = a;
}

void unit_set_free(struct unit_set *s)
{
	free(s->v);
	map_free(&s->by_code);
	memset(s, 0, sizeof *s);
}

size_t unit_set_put(struct unit_set *s, const struct unit_rec *u)
{
	long at = unit_set_find(s, u->code);
	if (at >= 0) {
		s->v[at] = *u;
		return (size_t)at;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xrealloc(s->v, size_mul(s->cap, sizeof *s->v));
	}
	s->v[s->n] = *u;
	map_puts(&s->by_code, u->code, (void *)(uintptr_t)(s->n + 1));
	return s->n++;
}

long unit_set_find(const struct unit_set *s, const char *code)
{
	uintptr_t i = (uintptr_t)map_gets(&s->by_code, code);
	return i ? (long)i - 1 : -1;
}

void register_index(struct unit_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct unit_rec *u = &s->v[i];
		u->parent_idx = u->parent ? unit_set_find(s, u->parent) : -1;
		u->npreds = 0;
	}
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->v[i].nsucc; k++) {
			long j = unit_set_find(s, s->v[i].successors[k]);
			if (j >= 0)
				s->v[j].npreds++;
		}
	for (size_t i = 0; i < s->n; i++) {
		s->v[i].preds = arena_array(s->arena, s->v[i].npreds + 1, sizeof(size_t));
		s->v[i].npreds = 0;
	}
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->v[i].nsucc; k++) {
			long j = unit_set_find(s, s->v[i].successors[k]);
			if (j >= 0 && (size_t)j != i)
				s->v[j].preds[s->v[j].npreds++] = i;
		}
}

bool unit_active_on(const struct unit_rec *u, int32_t date)
{
	return u->valid_from <= date && date <= u->valid_to;
}

bool register_within(const struct unit_set *s, size_t idx, const char *ancestor, int32_t date)
{
	long i = (long)idx;
	/* at most n steps: a damaged register with a cycle ends too */
	for (size_t steps = 0; i >= 0 && (size_t)i < s->n && steps <= s->n; steps++) {
		const struct unit_rec *u = &s->v[i];
		if (!unit_active_on(u, date))
			return false;
		if (!strcmp(u->code, ancestor))
			return true;
		i = u->parent ? unit_set_find(s, u->parent) : -1;
	}
	return false;
}

static void fmt_date(int32_t d, char out[11])
{
	if (d == DATE_MIN || d == DATE_MAX)
		memcpy(out, "-", 2);
	else
		date_format(d, out);
}

size_t register_validate(const struct unit_set *s, const char *file,
                         const struct register_cols *cols, struct diags *d)
{
	size_t before = d->errors;
	unsigned char *state = xcalloc(s->n ? s->n : 1, 1); /* 0 new, 1 on path, 2 done */
	for (size_t i = 0; i < s->n; i++) {
		const struct unit_rec *u = &s->v[i];
		if (!u->line)
			continue;
		if (u->valid_from != DATE_MIN && u->valid_to != DATE_MAX &&
		    u->valid_to < u->valid_from)
			diag_err(d, file, u->line, cols->valid_to,
			         "đơn vị %s: ngày kết thúc (valid_to) trước ngày bắt đầu (valid_from)",
			         "unit %s: valid_to is before valid_from", u->code);
		if (u->parent && u->parent_idx < 0)
			diag_err(d, file, u->line, cols->parent,
			         "đơn vị %s: không có đơn vị cha mã \"%s\" trong tệp hay trong danh mục",
			         "unit %s: parent \"%s\" is neither in the file nor in the register",
			         u->code, u->parent);
		if (u->parent_idx >= 0) {
			const struct unit_rec *p = &s->v[u->parent_idx];
			if (u->valid_from < p->valid_from || u->valid_to > p->valid_to) {
				char a[11], b[11], c[11], e[11];
				fmt_date(u->valid_from, a);
				fmt_date(u->valid_to, b);
				fmt_date(p->valid_from, c);
				fmt_date(p->valid_to, e);
				diag_err(d, file, u->line,
				         u->valid_from < p->valid_from ? cols->valid_from : cols->valid_to,
				         "đơn vị %s (hiệu lực %s..%s) nằm ngoài thời gian hiệu lực của đơn vị cha %s (%s..%s)",
				         "unit %s (valid %s..%s) is valid outside its parent %s (%s..%s)",
				         u->code, a, b, p->code, c, e);
			}
		}
		for (size_t k = 0; k < u->nsucc; k++) {
			long j = unit_set_find(s, u->successors[k]);
			if (j < 0)
				diag_err(d, file, u->line, cols->successor,
				         "đơn vị %s: đơn vị kế thừa \"%s\" không tồn tại",
				         "unit %s: successor \"%s\" does not exist", u->code,
				         u->successors[k]);
			else if ((size_t)j == i)
				diag_err(d, file, u->line, cols->successor,
				         "đơn vị %s không thể tự kế thừa chính nó",
				         "unit %s cannot be its own successor", u->code);
		}
	}
	/* Parent cycles: walk up from each unit; a unit met again on the
	 * current path closes a cycle. Each cycle is reported once, at a
	 * unit from the file. */
	for (size_t i = 0; i < s->n; i++) {
		if (state[i])
			continue;
		long j = (long)i;
		while (j >= 0 && state[j] == 0) {
			state[j] = 1;
			j = s->v[j].parent_idx;
		}
		if (j >= 0 && state[j] == 1) {
			long k = j, blame = -1;
			do {
				if (s->v[k].line && (blame < 0 || s->v[k].line < s->v[blame].line))
					blame = k;
				k = s->v[k].parent_idx;
			} while (k != j);
			if (blame < 0)
				blame = j;
			diag_err(d, file, s->v[blame].line, cols->parent,
			         "đơn vị %s: quan hệ cha–con tạo thành vòng lặp",
			         "unit %s: the parent links form a cycle", s->v[blame].code);
		}
		for (j = (long)i; j >= 0 && state[j] == 1; j = s->v[j].parent_idx)
			state[j] = 2;
	}
	free(state);
	return d->errors - before;
}

int unit_kind_rank(const char *kind)
{
	static const char *const order[] = {"country", "province", "city", "ministry",
	                                    "department", "district", "commune", "ward",
	                                    "township", "division", "public_unit"};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (!strcmp(kind, order[i]))
			return (int)i;
	return 100;
}

static const struct unit_set *sort_set;

static int sibling_cmp(const void *pa, const void *pb)
{
	const struct unit_rec *a = &sort_set->v[*(const size_t *)pa];
	const struct unit_rec *b = &sort_set->v[*(const size_t *)pb];
	int ka = unit_kind_rank(a->kind), kb = unit_kind_rank(b->kind);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (ka == 100 && strcmp(a->kind, b->kind))
		return strcmp(a->kind, b->kind);
	int c = utf8_collate_vi(a->name, b->name);
	return c ? c : strcmp(a->code, b->code);
}

void register_sort(const struct unit_set *s, size_t *v, size_t n)
{
	sort_set = s; /* qsort has no context argument in C17 */
	qsort(v, n, sizeof *v, sibling_cmp);
	sort_set = NULL;
}

size_t register_tree(const struct unit_set *s, int32_t date, struct arena *a,
                     size_t **order_out, int **depth_out)
{
	size_t *order = arena_array(a, s->n + 1, sizeof *order);
	int *depth = arena_array(a, s->n + 1, sizeof *depth);
	/* children lists of active units, as CSR arrays */
	size_t *nchild = arena_array(a, s->n + 1, sizeof *nchild);
	size_t *start = arena_array(a, s->n + 2, sizeof *start);
	size_t *kids = arena_array(a, s->n + 1, sizeof *kids);
	size_t *roots = arena_array(a, s->n + 1, sizeof *roots);
	size_t nroots = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct unit_rec *u = &s->v[i];
		if (!unit_active_on(u, date))
			continue;
		if (u->parent_idx >= 0 && unit_active_on(&s->v[u->parent_idx], date))
			nchild[u->parent_idx]++;
		else
			roots[nroots++] = i;
	}
	for (size_t i = 0; i < s->n; i++)
		start[i + 1] = start[i] + nchild[i];
	memset(nchild, 0, (s->n + 1) * sizeof *nchild);
	for (size_t i = 0; i < s->n; i++) {
		const struct unit_rec *u = &s->v[i];
		if (unit_active_on(u, date) && u->parent_idx >= 0 &&
		    unit_active_on(&s->v[u->parent_idx], date)) {
			size_t p = (size_t)u->parent_idx;
			kids[start[p] + nchild[p]++] = i;
		}
	}
	for (size_t i = 0; i < s->n; i++)
		register_sort(s, kids + start[i], nchild[i]);
	register_sort(s, roots, nroots);
	/* iterative depth-first walk with an explicit stack */
	size_t *stack = arena_array(a, s->n + 1, sizeof *stack);
	int *sdepth = arena_array(a, s->n + 1, sizeof *sdepth);
	size_t sp = 0, n = 0;
	for (size_t r = nroots; r-- > 0;) {
		stack[sp] = roots[r];
		sdepth[sp++] = 0;
	}
	while (sp > 0) {
		sp--;
		size_t u = stack[sp];
		int dep = sdepth[sp];
		order[n] = u;
		depth[n++] = dep;
		for (size_t k = nchild[u]; k-- > 0;) {
			stack[sp] = kids[start[u] + k];
			sdepth[sp++] = dep + 1;
		}
	}
	*order_out = order;
	*depth_out = depth;
	return n;
}

const char *lineage_event_name(enum lineage_event e)
{
	switch (e) {
	case LINEAGE_MERGE:
		return "merge";
	case LINEAGE_SPLIT:
		return "split";
	default:
		return "rename";
	}
}

static enum lineage_event link_event(const struct unit_set *s, size_t from, size_t to)
{
	if (s->v[from].nsucc > 1)
		return LINEAGE_SPLIT;
	/* several units into one, or one absorbed by a unit that already
	 * existed before the hand-over */
	if (s->v[to].npreds > 1 || s->v[to].valid_from <= s->v[from].valid_to)
		return LINEAGE_MERGE;
	return LINEAGE_RENAME;
}

size_t register_lineage(const struct unit_set *s, size_t idx, struct arena *a,
                        struct lineage_step **out)
{
	/* breadth-first in both directions; seen[] stops loops in bad data */
	size_t cap = 16, n = 0;
	struct lineage_step *steps = xmalloc(cap * sizeof *steps);
	unsigned char *seen = xcalloc(s->n + 1, 1);
	size_t *queue = xmalloc((s->n + 1) * sizeof *queue);
	int *qdepth = xmalloc((s->n + 1) * sizeof *qdepth);
	for (int dir = 0; dir < 2; dir++) {
		bool backward = dir == 0;
		memset(seen, 0, s->n + 1);
		size_t qh = 0, qt = 0;
		queue[qt] = idx;
		qdepth[qt++] = 0;
		seen[idx] = 1;
		while (qh < qt) {
			size_t u = queue[qh];
			int dep = qdepth[qh++];
			size_t nnext = backward ? s->v[u].npreds : s->v[u].nsucc;
			for (size_t k = 0; k < nnext; k++) {
				long j = backward ? (long)s->v[u].preds[k]
				                  : unit_set_find(s, s->v[u].successors[k]);
				if (j < 0 || seen[j])
					continue;
				seen[j] = 1;
				queue[qt] = (size_t)j;
				qdepth[qt++] = dep + 1;
				if (n == cap) {
					cap *= 2;
					steps = xrealloc(steps, cap * sizeof *steps);
				}
				size_t from = backward ? (size_t)j : u, to = backward ? u : (size_t)j;
				int32_t day = s->v[from].valid_to != DATE_MAX ? s->v[from].valid_to + 1
				                                              : s->v[to].valid_from;
				steps[n++] = (struct lineage_step){
					.from = from, .to = to, .depth = dep + 1, .backward = backward,
					.event = link_event(s, from, to), .date = day};
			}
		}
	}
	*out = arena_array(a, n + 1, sizeof **out);
	memcpy(*out, steps, n * sizeof *steps);
	free(steps);
	free(seen);
	free(queue);
	free(qdepth);
	return n;
}

static int stats_cmp(const void *pa, const void *pb)
{
	const struct kind_stats *a = pa, *b = pb;
	int ka = unit_kind_rank(a->kind), kb = unit_kind_rank(b->kind);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return strcmp(a->kind, b->kind);
}

size_t register_stats(const struct unit_set *s, int32_t d1, int32_t d2,
                      struct arena *a, struct kind_stats **out)
{
	struct map kinds;
	map_init(&kinds);
	struct kind_stats *ks = arena_array(a, s->n + 1, sizeof *ks);
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct unit_rec *u = &s->v[i];
		bool on1 = unit_active_on(u, d1), on2 = unit_active_on(u, d2);
		if (!on1 && !on2)
			continue;
		uintptr_t k = (uintptr_t)map_gets(&kinds, u->kind);
		if (!k) {
			ks[n].kind = u->kind;
			k = ++n;
			map_puts(&kinds, u->kind, (void *)k);
		}
		struct kind_stats *st = &ks[k - 1];
		if (on1) {
			st->count_from++;
			st->payroll_from += u->has_quota ? u->payroll_quota : 0;
		}
		if (on2) {
			st->count_to++;
			st->payroll_to += u->has_quota ? u->payroll_quota : 0;
		}
	}
	map_free(&kinds);
	qsort(ks, n, sizeof *ks, stats_cmp);
	*out = ks;
	return n;
}
