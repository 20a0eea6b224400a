/*
 * Framework building, ordering, checking and compiling; see framework.h.
 *
 * Built as: an append-only node array in the framework's arena with
 * first-child / next-sibling links (so readers may add nodes in any order
 * a parent-before-child source gives them), and one frm_finish() pass
 * that rewrites the array in pre-order and then checks every node without
 * stopping at the first problem. Messages name the criterion by its code
 * in diag.where and say what is wrong in Vietnamese and English.
 * Tree walks are iterative (no recursion on user-controlled depth).
 */
#include "core/framework.h"
#include "base/arena.h"
#include "base/map.h"
#include "base/mem.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct framework *frm_new(struct arena *a)
{
	struct framework *fw = arena_alloc(a, sizeof *fw);
	fw->arena = a;
	fw->rank_precision = 2;
	fw->first_top = fw->last_top = -1;
	formula_symbols_init(&fw->symbols, a);
	return fw;
}

void frm_add_kind(struct framework *fw, const char *kind)
{
	size_t cap = fw->ngroup;
	/* the array is exactly full after each append: grow by copying */
	const char **v = arena_array(fw->arena, cap + 1, sizeof *v);
	if (fw->ngroup)
		memcpy(v, fw->group, fw->ngroup * sizeof *v);
	v[fw->ngroup++] = arena_strdup(fw->arena, kind);
	fw->group = v;
}

void frm_add_grade(struct framework *fw, const char *code, double min)
{
	struct frm_grade *v = arena_array(fw->arena, fw->ngrades + 1, sizeof *v);
	if (fw->ngrades)
		memcpy(v, fw->grades, fw->ngrades * sizeof *v);
	v[fw->ngrades].code = arena_strdup(fw->arena, code);
	v[fw->ngrades].min = min + 0.0;
	fw->ngrades++;
	fw->grades = v;
}

void frm_add_previous(struct framework *fw, const char *code,
                      const char *previous_code)
{
	struct frm_prev_map *v = arena_array(fw->arena, fw->nprevious_map + 1, sizeof *v);
	if (fw->nprevious_map)
		memcpy(v, fw->previous_map, fw->nprevious_map * sizeof *v);
	v[fw->nprevious_map].code = arena_strdup(fw->arena, code);
	v[fw->nprevious_map].previous_code = arena_strdup(fw->arena, previous_code);
	fw->nprevious_map++;
	fw->previous_map = v;
}

struct frm_node frm_node_default(void)
{
	struct frm_node n;
	memset(&n, 0, sizeof n);
	n.method = FRM_METHOD_NONE;
	n.evidence = FRM_EVIDENCE_OPTIONAL;
	n.parent = n.first_child = n.next_sibling = n.last_child = -1;
	n.assessed_index = n.formula_index = -1;
	return n;
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

int frm_add_node(struct framework *fw, int parent, const struct frm_node *proto)
{
	if (parent < -1 || parent >= (int)fw->nnodes || fw->nnodes >= FRM_MAX_NODES)
		return -1;
	fw->nodes = arena_grow(fw->arena, fw->nodes, &fw->nodes_cap, fw->nnodes,
	                       sizeof *fw->nodes);
	int idx = (int)fw->nnodes++;
	struct frm_node *n = &fw->nodes[idx];
	*n = *proto;
	n->code = arena_strdup(fw->arena, proto->code ? proto->code : "");
	n->title = arena_strdup(fw->arena, proto->title ? proto->title : "");
	n->formula_text = dup_or_null(fw->arena, proto->formula_text);
	n->path = dup_or_null(fw->arena, proto->path);
	n->min += 0.0;
	n->max += 0.0;
	if (proto->napplies) {
		n->applies_to = arena_array(fw->arena, proto->napplies, sizeof *n->applies_to);
		for (size_t k = 0; k < proto->napplies; k++)
			n->applies_to[k] = arena_strdup(fw->arena, proto->applies_to[k]);
	} else {
		n->applies_to = NULL;
	}
	n->parent = parent;
	n->first_child = n->next_sibling = n->last_child = -1;
	n->nchildren = 0;
	n->depth = parent < 0 ? 0 : fw->nodes[parent].depth + 1;
	n->end = idx + 1;
	n->formula = NULL;
	n->assessed_index = n->formula_index = -1;
	if (parent >= 0) {
		struct frm_node *p = &fw->nodes[parent];
		if (p->last_child < 0)
			p->first_child = idx;
		else
			fw->nodes[p->last_child].next_sibling = idx;
		p->last_child = idx;
		p->nchildren++;
	} else {
		if (fw->last_top < 0)
			fw->first_top = idx;
		else
			fw->nodes[fw->last_top].next_sibling = idx;
		fw->last_top = idx;
	}
	fw->finished = false;
	return idx;
}

/* ---- ordering --------------------------------------------------------- */

/* Rewrites nodes[] in pre-order (siblings in the order they were added). */
static void order_nodes(struct framework *fw)
{
	size_t n = fw->nnodes;
	if (n == 0)
		return;
	int *order = xmalloc(size_mul(n, sizeof *order));
	int *newidx = xmalloc(size_mul(n, sizeof *newidx));
	size_t k = 0;
	int cur = fw->first_top;
	while (cur >= 0) {
		order[k++] = cur;
		if (fw->nodes[cur].first_child >= 0) {
			cur = fw->nodes[cur].first_child;
			continue;
		}
		while (cur >= 0 && fw->nodes[cur].next_sibling < 0)
			cur = fw->nodes[cur].parent;
		if (cur >= 0)
			cur = fw->nodes[cur].next_sibling;
	}
	bool identity = true;
	for (size_t i = 0; i < n; i++) {
		newidx[order[i]] = (int)i;
		if (order[i] != (int)i)
			identity = false;
	}
	if (!identity) {
		struct frm_node *nv = arena_array(fw->arena, n, sizeof *nv);
#define MAP(x) ((x) < 0 ? -1 : newidx[(x)])
		for (size_t i = 0; i < n; i++) {
			struct frm_node *d = &nv[i];
			*d = fw->nodes[order[i]];
			d->parent = MAP(d->parent);
			d->first_child = MAP(d->first_child);
			d->next_sibling = MAP(d->next_sibling);
			d->last_child = MAP(d->last_child);
		}
		fw->first_top = MAP(fw->first_top);
		fw->last_top = MAP(fw->last_top);
#undef MAP
		fw->nodes = nv;
		fw->nodes_cap = n;
	}
	for (size_t i = n; i-- > 0;) {
		struct frm_node *d = &fw->nodes[i];
		d->end = d->last_child < 0 ? (int)i + 1 : fw->nodes[d->last_child].end;
		d->depth = d->parent < 0 ? 0 : -1; /* set below, parents first */
	}
	for (size_t i = 0; i < n; i++) {
		struct frm_node *d = &fw->nodes[i];
		if (d->parent >= 0)
			d->depth = fw->nodes[d->parent].depth + 1;
	}
	free(order);
	free(newidx);
}

/* ---- code index ------------------------------------------------------- */

static void build_code_hash(struct framework *fw)
{
	size_t cap = 16;
	while (cap < fw->nnodes * 2 + 2)
		cap *= 2;
	fw->code_hash = arena_array(fw->arena, cap, sizeof *fw->code_hash);
	fw->code_hash_cap = cap;
	for (size_t i = 0; i < fw->nnodes; i++) {
		const char *c = fw->nodes[i].code;
		size_t len = strlen(c);
		size_t h = (size_t)map_hash(c, len) & (cap - 1);
		for (;; h = (h + 1) & (cap - 1)) {
			int v = fw->code_hash[h];
			if (v == 0) {
				fw->code_hash[h] = (int)i + 1;
				break;
			}
			if (strcmp(fw->nodes[v - 1].code, c) == 0)
				break; /* duplicate: the first one stays */
		}
	}
}

int frm_find(const struct framework *fw, const char *code)
{
	if (!fw->finished || !fw->code_hash) {
		for (size_t i = 0; i < fw->nnodes; i++)
			if (strcmp(fw->nodes[i].code, code) == 0)
				return (int)i;
		return -1;
	}
	size_t cap = fw->code_hash_cap;
	size_t h = (size_t)map_hash(code, strlen(code)) & (cap - 1);
	for (;; h = (h + 1) & (cap - 1)) {
		int v = fw->code_hash[h];
		if (v == 0)
			return -1;
		if (strcmp(fw->nodes[v - 1].code, code) == 0)
			return v - 1;
	}
}

/* ---- messages --------------------------------------------------------- */

static const char *node_where(const struct framework *fw, const struct frm_node *n)
{
	if (n->code && n->code[0])
		return n->code;
	if (n->path)
		return n->path;
	return arena_printf(fw->arena, "#%ld", (long)(n - fw->nodes) + 1);
}

static void node_msg(struct diags *d, const struct framework *fw,
                     const struct frm_node *n, enum diag_level level,
                     const char *vi, const char *en)
{
	diag_add(d, level, fw->source, n ? n->line : 0, 0,
	         n ? node_where(fw, n) : NULL, "%s%.0s", "%.0s%s", vi, en);
}

/* Formats vi and en with the same arguments, then records the diag. */
#define NDIAG(d, fw, n, level, fvi, fen, ...)                                \
	do {                                                                 \
		char vi_[512], en_[512];                                     \
		snprintf(vi_, sizeof vi_, fvi, __VA_ARGS__);                 \
		snprintf(en_, sizeof en_, fen, __VA_ARGS__);                 \
		node_msg(d, fw, n, level, vi_, en_);                         \
	} while (0)

static const char *num(char buf[32], double x)
{
	formula_format_number(x, buf);
	return buf;
}

/* ---- checks ----------------------------------------------------------- */

static bool kind_in(const char *const *list, size_t n, const char *kind)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], kind) == 0)
			return true;
	return false;
}

bool frm_node_admits(const struct frm_node *n, const char *kind)
{
	return n->napplies == 0 || kind_in(n->applies_to, n->napplies, kind);
}

bool frm_applies(const struct framework *fw, int node, const char *kind)
{
	for (int i = node; i >= 0; i = fw->nodes[i].parent)
		if (!frm_node_admits(&fw->nodes[i], kind))
			return false;
	return true;
}

bool frm_in_group(const struct framework *fw, const char *kind)
{
	return kind_in(fw->group, fw->ngroup, kind);
}

static bool bad_code_text(const char *c)
{
	for (const unsigned char *p = (const unsigned char *)c; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return true;
	return false;
}

static void check_header(struct framework *fw, struct diags *d)
{
	if (!fw->code || !fw->code[0])
		node_msg(d, fw, NULL, DIAG_ERROR, "bộ tiêu chí thiếu mã (code)",
		         "the framework has no code");
	else if (strlen(fw->code) > FRM_MAX_CODE || bad_code_text(fw->code))
		node_msg(d, fw, NULL, DIAG_ERROR, "mã bộ tiêu chí không hợp lệ",
		         "the framework code is not valid");
	if (!fw->title || !fw->title[0])
		node_msg(d, fw, NULL, DIAG_ERROR, "bộ tiêu chí thiếu tên (title)",
		         "the framework has no title");
	if (fw->year == 0)
		node_msg(d, fw, NULL, DIAG_ERROR, "bộ tiêu chí thiếu năm (year)",
		         "the framework has no year");
	else if (fw->year < 1900 || fw->year > 9999)
		NDIAG(d, fw, NULL, DIAG_ERROR, "năm %d không hợp lệ (1900 đến 9999)",
		      "year %d is not valid (1900 to 9999)", fw->year);
	if (fw->ngroup == 0)
		node_msg(d, fw, NULL, DIAG_ERROR,
		         "bộ tiêu chí thiếu nhóm loại đơn vị (group)",
		         "the framework has no group of unit kinds");
	for (size_t i = 0; i < fw->ngroup; i++) {
		if (!fw->group[i][0])
			node_msg(d, fw, NULL, DIAG_ERROR, "loại đơn vị rỗng trong group",
			         "an empty unit kind in group");
		else if (kind_in(fw->group, i, fw->group[i]))
			NDIAG(d, fw, NULL, DIAG_WARNING, "loại đơn vị '%s' lặp lại trong group",
			      "unit kind '%s' is repeated in group", fw->group[i]);
	}
	if (fw->rank_precision < 0 || fw->rank_precision > FRM_RANK_PRECISION_MAX)
		NDIAG(d, fw, NULL, DIAG_ERROR,
		      "rank_precision %d không hợp lệ (0 đến %d)",
		      "rank_precision %d is not valid (0 to %d)", fw->rank_precision,
		      FRM_RANK_PRECISION_MAX);
	for (size_t i = 0; i < fw->ngrades; i++) {
		const struct frm_grade *g = &fw->grades[i];
		char b1[32], b2[32];
		if (!g->code[0] || strlen(g->code) > FRM_MAX_CODE || bad_code_text(g->code)) {
			NDIAG(d, fw, NULL, DIAG_ERROR, "xếp loại thứ %zu thiếu mã hợp lệ",
			      "grade %zu has no valid code", i + 1);
			continue;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(fw->grades[k].code, g->code) == 0)
				NDIAG(d, fw, NULL, DIAG_ERROR, "xếp loại '%s' lặp lại",
				      "grade '%s' is repeated", g->code);
		if (i > 0 && g->min >= fw->grades[i - 1].min)
			NDIAG(d, fw, NULL, DIAG_WARNING,
			      "xếp loại '%s' (từ %s) không thấp hơn xếp loại trước (từ %s): "
			      "xếp loại đầu tiên thỏa mãn được dùng",
			      "grade '%s' (from %s) is not below the one before (from %s): "
			      "the first grade that fits is used",
			      g->code, num(b1, g->min), num(b2, fw->grades[i - 1].min));
	}
	if (fw->nprevious_map && (!fw->previous || !fw->previous[0]))
		node_msg(d, fw, NULL, DIAG_WARNING,
		         "có previous_map nhưng không có previous (mã bộ tiêu chí năm trước)",
		         "previous_map is given but previous (the previous framework's code) is not");
	for (size_t i = 0; i < fw->nprevious_map; i++) {
		const struct frm_prev_map *m = &fw->previous_map[i];
		if (frm_find(fw, m->code) < 0)
			NDIAG(d, fw, NULL, DIAG_WARNING,
			      "previous_map: không có tiêu chí '%s' trong bộ tiêu chí này",
			      "previous_map: there is no criterion '%s' in this framework",
			      m->code);
		for (size_t k = 0; k < i; k++)
			if (strcmp(fw->previous_map[k].code, m->code) == 0)
				NDIAG(d, fw, NULL, DIAG_ERROR,
				      "previous_map: tiêu chí '%s' được ánh xạ hai lần",
				      "previous_map: criterion '%s' is mapped twice", m->code);
	}
	if (fw->nnodes == 0)
		node_msg(d, fw, NULL, DIAG_ERROR, "bộ tiêu chí không có tiêu chí nào",
		         "the framework has no criteria");
}

static void check_node(struct framework *fw, int i, struct diags *d)
{
	struct frm_node *n = &fw->nodes[i];
	char b1[32], b2[32], b3[32];
	if (!n->code[0]) {
		node_msg(d, fw, n, DIAG_ERROR, "tiêu chí thiếu mã (code)",
		         "a criterion has no code");
	} else if (strlen(n->code) > FRM_MAX_CODE) {
		NDIAG(d, fw, n, DIAG_ERROR, "mã tiêu chí dài quá %d byte",
		      "the criterion code is longer than %d bytes", FRM_MAX_CODE);
	} else if (bad_code_text(n->code) || n->code[0] == '@') {
		node_msg(d, fw, n, DIAG_ERROR,
		         "mã tiêu chí không được chứa ký tự điều khiển hay bắt đầu bằng '@'",
		         "a criterion code cannot contain control characters or start with '@'");
	} else {
		int first = frm_find(fw, n->code);
		if (first >= 0 && first != i)
			NDIAG(d, fw, n, DIAG_ERROR, "mã tiêu chí '%s' bị trùng (đã dùng ở tiêu chí thứ %d)",
			      "criterion code '%s' is used twice (first as criterion #%d)",
			      n->code, first + 1);
	}
	if (!n->title[0])
		node_msg(d, fw, n, DIAG_ERROR, "tiêu chí thiếu tên (title)",
		         "the criterion has no title");
	else if (strlen(n->title) > FRM_MAX_TITLE)
		NDIAG(d, fw, n, DIAG_ERROR, "tên tiêu chí dài quá %d byte",
		      "the criterion title is longer than %d bytes", FRM_MAX_TITLE);
	if (n->depth >= FRM_MAX_DEPTH)
		NDIAG(d, fw, n, DIAG_ERROR, "tiêu chí lồng quá %d cấp",
		      "criteria are nested more than %d levels", FRM_MAX_DEPTH);
	if (!n->has_max)
		node_msg(d, fw, n, DIAG_ERROR, "tiêu chí thiếu điểm tối đa (max)",
		         "the criterion has no maximum (max)");
	else if (!isfinite(n->max) || !isfinite(n->min))
		node_msg(d, fw, n, DIAG_ERROR, "điểm tối đa/tối thiểu không hợp lệ",
		         "max or min is not a valid number");
	else if (n->min > n->max)
		NDIAG(d, fw, n, DIAG_ERROR,
		      "điểm tối thiểu %s lớn hơn điểm tối đa %s",
		      "min %s is above max %s", num(b1, n->min), num(b2, n->max));
	if (n->has_step && !(n->step > 0 && isfinite(n->step)))
		NDIAG(d, fw, n, DIAG_ERROR, "bước điểm (step) %s phải lớn hơn 0",
		      "step %s must be greater than 0", num(b1, n->step));
	if (n->extra && n->parent >= 0)
		node_msg(d, fw, n, DIAG_ERROR,
		         "chỉ tiêu chí cấp cao nhất mới được đánh dấu extra (điểm thưởng/trừ)",
		         "only top-level criteria can be marked extra (bonus/penalty)");

	if (n->nchildren > 0) {
		if (n->method == FRM_METHOD_ASSESSED || n->method == FRM_METHOD_FORMULA)
			node_msg(d, fw, n, DIAG_ERROR,
			         "nhóm tiêu chí (có tiêu chí con) không được có method: điểm là tổng các tiêu chí con",
			         "a group of criteria (it has children) cannot have a method: its points are the sum of its children");
		if (n->formula_text)
			node_msg(d, fw, n, DIAG_ERROR,
			         "nhóm tiêu chí (có tiêu chí con) không được có công thức",
			         "a group of criteria (it has children) cannot have a formula");
		if (n->has_step)
			node_msg(d, fw, n, DIAG_WARNING,
			         "step chỉ dùng cho tiêu chí chấm điểm (assessed); bỏ qua",
			         "step is only used by assessed criteria; ignored");
		n->method = FRM_METHOD_GROUP;
		double smax = 0, smin = 0;
		bool all_max = true;
		for (int c = n->first_child; c >= 0; c = fw->nodes[c].next_sibling) {
			smax += fw->nodes[c].max;
			smin += fw->nodes[c].min;
			all_max = all_max && fw->nodes[c].has_max;
		}
		int top = i;
		while (fw->nodes[top].parent >= 0)
			top = fw->nodes[top].parent;
		if (all_max && n->has_max && smax > n->max)
			NDIAG(d, fw, n, DIAG_WARNING,
			      "tổng điểm tối đa của các tiêu chí con (%s) vượt điểm tối đa %s; điểm của nhóm bị giới hạn ở %s",
			      "the children's maxima add up to %s, more than this criterion's max %s; its points are capped at %s",
			      num(b1, smax), num(b2, n->max), num(b3, n->max));
		else if (all_max && n->has_max && smax < n->max && !fw->nodes[top].extra)
			NDIAG(d, fw, n, DIAG_WARNING,
			      "tổng điểm tối đa của các tiêu chí con (%s) thấp hơn điểm tối đa %s: không đơn vị nào đạt đủ điểm",
			      "the children's maxima add up to %s, less than this criterion's max %s: no unit can earn full points",
			      num(b1, smax), num(b2, n->max));
		if (all_max && n->has_max && smin < n->min)
			NDIAG(d, fw, n, DIAG_WARNING,
			      "tổng điểm tối thiểu của các tiêu chí con (%s) thấp hơn điểm tối thiểu %s; điểm của nhóm không xuống dưới %s",
			      "the children's minima add up to %s, less than this criterion's min %s; its points do not go below %s",
			      num(b1, smin), num(b2, n->min), num(b3, n->min));
	} else {
		switch (n->method) {
		case FRM_METHOD_NONE:
			node_msg(d, fw, n, DIAG_ERROR,
			         "tiêu chí lá thiếu method: 'assessed' (chấm điểm, thẩm định) hoặc 'formula' (tính từ số liệu)",
			         "a leaf criterion needs a method: 'assessed' (self-assessed and appraised) or 'formula' (computed from metrics)");
			break;
		case FRM_METHOD_GROUP:
			node_msg(d, fw, n, DIAG_ERROR,
			         "method 'group' nhưng tiêu chí không có tiêu chí con",
			         "method is 'group' but the criterion has no children");
			break;
		case FRM_METHOD_ASSESSED:
			if (n->formula_text)
				node_msg(d, fw, n, DIAG_ERROR,
				         "tiêu chí chấm điểm (assessed) không được có công thức",
				         "an assessed criterion cannot have a formula");
			n->assessed_index = (int)fw->nassessed;
			fw->assessed[fw->nassessed++] = i;
			break;
		case FRM_METHOD_FORMULA: {
			if (n->has_step)
				node_msg(d, fw, n, DIAG_WARNING,
				         "step chỉ dùng cho tiêu chí chấm điểm (assessed); bỏ qua",
				         "step is only used by assessed criteria; ignored");
			if (!n->formula_text || !n->formula_text[0]) {
				node_msg(d, fw, n, DIAG_ERROR,
				         "tiêu chí tính theo công thức (formula) thiếu công thức",
				         "a formula criterion has no formula");
				break;
			}
			struct formula_error err;
			struct formula *f = NULL;
			if (formula_compile(fw->arena, &fw->symbols, n->formula_text,
			                    strlen(n->formula_text), n->min, n->max, &f,
			                    &err) != 0) {
				char vi[600], en[600];
				snprintf(vi, sizeof vi, "công thức, cột %ld: %s", err.col, err.vi);
				snprintf(en, sizeof en, "formula, column %ld: %s", err.col, err.en);
				node_msg(d, fw, n, DIAG_ERROR, vi, en);
				break;
			}
			n->formula = f;
			n->formula_index = (int)fw->nformulas;
			fw->formulas[fw->nformulas++] = i;
			if (f->max_stack > fw->max_stack)
				fw->max_stack = f->max_stack;
			if (f->max_reasons > fw->max_reasons)
				fw->max_reasons = f->max_reasons;
			break;
		}
		}
	}
	for (size_t k = 0; k < n->napplies; k++) {
		const char *kind = n->applies_to[k];
		if (!kind[0]) {
			node_msg(d, fw, n, DIAG_ERROR, "applies_to có loại đơn vị rỗng",
			         "applies_to has an empty unit kind");
			continue;
		}
		if (!frm_in_group(fw, kind))
			NDIAG(d, fw, n, DIAG_WARNING,
			      "applies_to: loại đơn vị '%s' không thuộc nhóm của bộ tiêu chí",
			      "applies_to: unit kind '%s' is not in the framework's group", kind);
		for (int a = n->parent; a >= 0; a = fw->nodes[a].parent) {
			if (!frm_node_admits(&fw->nodes[a], kind)) {
				NDIAG(d, fw, n, DIAG_WARNING,
				      "applies_to: '%s' không bao giờ áp dụng vì tiêu chí cha %s không áp dụng cho loại này",
				      "applies_to: '%s' never applies because parent criterion %s does not apply to that kind",
				      kind, fw->nodes[a].code);
				break;
			}
		}
	}
}

enum px_err frm_finish(struct framework *fw, struct diags *d)
{
	size_t errors_before = d->errors;
	fw->finished = false;
	formula_symbols_init(&fw->symbols, fw->arena);
	fw->assessed = arena_array(fw->arena, fw->nnodes + 1, sizeof *fw->assessed);
	fw->formulas = arena_array(fw->arena, fw->nnodes + 1, sizeof *fw->formulas);
	fw->nassessed = fw->nformulas = 0;
	fw->max_stack = fw->max_reasons = 1;
	order_nodes(fw);
	for (size_t i = 0; i < fw->nnodes; i++) {
		fw->nodes[i].formula = NULL;
		fw->nodes[i].assessed_index = fw->nodes[i].formula_index = -1;
	}
	build_code_hash(fw);
	fw->finished = true; /* frm_find uses the hash from here on */
	check_header(fw, d);
	fw->ntop = 0;
	for (int t = fw->first_top; t >= 0; t = fw->nodes[t].next_sibling)
		fw->ntop++;
	fw->top = arena_array(fw->arena, fw->ntop ? fw->ntop : 1, sizeof *fw->top);
	size_t k = 0;
	for (int t = fw->first_top; t >= 0; t = fw->nodes[t].next_sibling)
		fw->top[k++] = t;
	for (size_t i = 0; i < fw->nnodes; i++)
		check_node(fw, (int)i, d);
	if (d->errors > errors_before) {
		fw->finished = false;
		return PX_BADINPUT;
	}
	return PX_OK;
}

/* ---- metric references and data checks ------------------------------- */

const struct formula_slot *frm_metric_slots(const struct framework *fw, size_t *n)
{
	*n = fw->symbols.n;
	return fw->symbols.v;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **frm_metric_codes(const struct framework *fw, struct arena *a, size_t *n)
{
	const char **v = arena_array(a, fw->symbols.n ? fw->symbols.n : 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < fw->symbols.n; i++)
		v[k++] = fw->symbols.v[i].metric;
	qsort(v, k, sizeof *v, cmp_str);
	size_t out = 0;
	for (size_t i = 0; i < k; i++)
		if (out == 0 || strcmp(v[out - 1], v[i]) != 0)
			v[out++] = v[i];
	*n = out;
	return v;
}

static void map_of(struct map *m, const char *const *list, size_t n)
{
	map_init(m);
	for (size_t i = 0; i < n; i++)
		map_puts(m, list[i], (void *)1);
}

void frm_check_known(const struct framework *fw, const char *const *kinds,
                     size_t nkinds, const char *const *metrics,
                     size_t nmetrics, struct diags *d)
{
	struct map known_kinds, known_metrics, said;
	map_of(&known_kinds, kinds, nkinds);
	map_of(&known_metrics, metrics, nmetrics);
	map_init(&said);
	for (size_t i = 0; i < fw->ngroup; i++) {
		const char *kind = fw->group[i];
		if (map_gets(&known_kinds, kind) || map_gets(&said, kind))
			continue;
		map_puts(&said, kind, (void *)1);
		NDIAG(d, fw, NULL, DIAG_WARNING,
		      "loại đơn vị '%s' (group) chưa có đơn vị nào",
		      "unit kind '%s' (group) has no units yet", kind);
	}
	for (size_t i = 0; i < fw->nnodes; i++) {
		const struct frm_node *n = &fw->nodes[i];
		for (size_t k = 0; k < n->napplies; k++) {
			const char *kind = n->applies_to[k];
			if (map_gets(&known_kinds, kind) || map_gets(&said, kind))
				continue;
			map_puts(&said, kind, (void *)1);
			NDIAG(d, fw, n, DIAG_WARNING,
			      "loại đơn vị '%s' (applies_to) chưa có đơn vị nào",
			      "unit kind '%s' (applies_to) has no units yet", kind);
		}
	}
	map_free(&said);
	map_init(&said);
	for (size_t i = 0; i < fw->nformulas; i++) {
		const struct frm_node *n = &fw->nodes[fw->formulas[i]];
		for (size_t k = 0; k < n->formula->nslots; k++) {
			const char *m = fw->symbols.v[n->formula->slots[k]].metric;
			if (map_gets(&known_metrics, m) || map_gets(&said, m))
				continue;
			map_puts(&said, m, (void *)1);
			NDIAG(d, fw, n, DIAG_WARNING, "chỉ số '%s' chưa có giá trị nào",
			      "metric '%s' has no values yet", m);
		}
	}
	map_free(&said);
	map_free(&known_kinds);
	map_free(&known_metrics);
}

void frm_check_previous(const struct framework *fw, const struct framework *prev,
                        struct diags *d)
{
	if (fw->previous && prev->code && strcmp(fw->previous, prev->code) != 0)
		NDIAG(d, fw, NULL, DIAG_WARNING,
		      "bộ tiêu chí năm trước là '%s', không phải '%s'",
		      "the previous framework is '%s', not '%s'", fw->previous, prev->code);
	for (size_t i = 0; i < fw->nprevious_map; i++) {
		const struct frm_prev_map *m = &fw->previous_map[i];
		if (frm_find(prev, m->previous_code) < 0)
			NDIAG(d, fw, NULL, DIAG_WARNING,
			      "previous_map: '%s' -> '%s', nhưng bộ tiêu chí '%s' không có tiêu chí '%s'",
			      "previous_map: '%s' -> '%s', but framework '%s' has no criterion '%s'",
			      m->code, m->previous_code, prev->code ? prev->code : "",
			      m->previous_code);
	}
}

enum px_err frm_check_points(const struct framework *fw, int node, double points,
                             struct diags *d)
{
	if (node < 0 || node >= (int)fw->nnodes) {
		node_msg(d, fw, NULL, DIAG_ERROR, "không có tiêu chí này", "no such criterion");
		return PX_BADINPUT;
	}
	const struct frm_node *n = &fw->nodes[node];
	char b1[32], b2[32], b3[32];
	if (n->method != FRM_METHOD_ASSESSED) {
		node_msg(d, fw, n, DIAG_ERROR,
		         "tiêu chí này không chấm điểm trực tiếp (không phải assessed)",
		         "points cannot be given to this criterion (it is not assessed)");
		return PX_BADINPUT;
	}
	if (!isfinite(points) || points < n->min || points > n->max) {
		NDIAG(d, fw, n, DIAG_ERROR, "điểm %s nằm ngoài khoảng [%s, %s]",
		      "points %s are outside [%s, %s]",
		      isfinite(points) ? num(b1, points) : "?", num(b2, n->min),
		      num(b3, n->max));
		return PX_BADINPUT;
	}
	if (n->has_step && n->step > 0) {
		double k = round((points - n->min) / n->step);
		double on = n->min + k * n->step;
		if (fabs(points - on) > 1e-9 * fmax(1.0, fabs(points))) {
			NDIAG(d, fw, n, DIAG_ERROR, "điểm %s không theo bước %s (tính từ %s)",
			      "points %s are not a multiple of the step %s (from %s)",
			      num(b1, points), num(b2, n->step), num(b3, n->min));
			return PX_BADINPUT;
		}
	}
	return PX_OK;
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b || (a && !a[0]) || (b && !b[0]);
	return strcmp(a, b) == 0;
}

bool frm_equal(const struct framework *a, const struct framework *b)
{
	if (!str_eq(a->code, b->code) || !str_eq(a->title, b->title) ||
	    !str_eq(a->note, b->note) || !str_eq(a->unit, b->unit) ||
	    a->year != b->year || a->ngroup != b->ngroup ||
	    a->rank_precision != b->rank_precision || a->ngrades != b->ngrades ||
	    !str_eq(a->previous, b->previous) ||
	    a->nprevious_map != b->nprevious_map || a->nnodes != b->nnodes)
		return false;
	for (size_t i = 0; i < a->ngroup; i++)
		if (strcmp(a->group[i], b->group[i]) != 0)
			return false;
	for (size_t i = 0; i < a->ngrades; i++)
		if (strcmp(a->grades[i].code, b->grades[i].code) != 0 ||
		    a->grades[i].min != b->grades[i].min)
			return false;
	for (size_t i = 0; i < a->nprevious_map; i++)
		if (strcmp(a->previous_map[i].code, b->previous_map[i].code) != 0 ||
		    strcmp(a->previous_map[i].previous_code,
		           b->previous_map[i].previous_code) != 0)
			return false;
	for (size_t i = 0; i < a->nnodes; i++) {
		const struct frm_node *x = &a->nodes[i], *y = &b->nodes[i];
		if (strcmp(x->code, y->code) != 0 || strcmp(x->title, y->title) != 0 ||
		    x->max != y->max || x->min != y->min || x->has_max != y->has_max ||
		    x->has_step != y->has_step || (x->has_step && x->step != y->step) ||
		    x->method != y->method || !str_eq(x->formula_text, y->formula_text) ||
		    x->napplies != y->napplies || x->evidence != y->evidence ||
		    x->extra != y->extra || x->parent != y->parent ||
		    x->nchildren != y->nchildren)
			return false;
		for (size_t k = 0; k < x->napplies; k++)
			if (strcmp(x->applies_to[k], y->applies_to[k]) != 0)
				return false;
	}
	return true;
}

const char **frm_split_kinds(struct arena *a, const char *s, size_t len, size_t *n)
{
	size_t count = 1;
	for (size_t i = 0; i < len; i++)
		if (s[i] == ';' || s[i] == ',')
			count++;
	const char **v = arena_array(a, count, sizeof *v);
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != ';' && s[i] != ',')
			continue;
		size_t b = start, e = i;
		while (b < e && (s[b] == ' ' || s[b] == '\t'))
			b++;
		while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		if (e > b)
			v[k++] = arena_strndup(a, s + b, e - b);
		start = i + 1;
	}
	*n = k;
	return v;
}
