/*
 * The emulation documents as docs (io/doc.h): the council's minutes and
 * the award decision with its annex, in the Decree 30/2020/NĐ-CP layout
 * from templates (data/documents/emulation-*.json). The data come from
 * the views of app/emulation_views.c, which apply the visibility rule;
 * the CLI (`report emulation-minutes`, `report emulation-decision`) and
 * the pages (?format=pdf|xlsx) call these same builders.
 */
#include "app/emulation.h"
#include "app/report.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "io/doc.h"

#include <string.h>

#define T(vi, en) (en_ ? (en) : (vi))

static struct doc *emu_doc(struct app *app, const char *title, bool en_)
{
	struct doc *doc = doc_new(app->arena, title);
	doc->lang = en_ ? "en" : "vi";
	doc->exported_at = clock_now();
	doc->source = T("parindex — thi đua, khen thưởng", "parindex — emulation and rewards");
	return doc;
}

/* "2015-12-28" -> "ngày 28 tháng 12 năm 2015" (Decree 30: months 1, 2 with
 * a leading zero) and "28/12/2015". */
static void dates(struct arena *a, const char *iso, const char **longform, const char **shortform)
{
	int32_t d;
	*longform = *shortform = iso ? iso : "";
	if (!iso || strlen(iso) < 10 || !date_parse(iso, 10, &d))
		return;
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	*longform = arena_printf(a, m < 3 ? "ngày %02d tháng %02d năm %d" : "ngày %02d tháng %d năm %d",
	                         dd, m, y);
	*shortform = arena_printf(a, "%02d/%02d/%04d", dd, m, y);
}

static const char *money(struct arena *a, long v, bool en_)
{
	char buf[64];
	return arena_strdup(a, doc_format_number((double)v, 0, en_ ? "en" : "vi", buf, sizeof buf));
}

enum px_err app_report_emu_decision(struct app *app, const struct actor *who,
                                    const char *number, const char *lang, struct doc **out,
                                    struct diags *d)
{
	bool en_ = lang && !strcmp(lang, "en");
	struct arena *a = app->arena;
	struct emu_decision_view v;
	enum px_err e = app_emu_decision(app, who, number, &v, d);
	if (e != PX_OK)
		return e;
	struct doc *doc = emu_doc(app, arena_printf(a, T("Quyết định khen thưởng %s",
	                                                 "Award decision %s"), v.dec.number), en_);
	const char *dl, *ds;
	dates(a, v.dec.date, &dl, &ds);
	doc->version = v.dec.number;
	doc_meta(doc, T("Số quyết định", "Decision number"), v.dec.number);
	doc_meta(doc, T("Ngày", "Date"), en_ ? v.dec.date : ds);
	doc_meta(doc, T("Đơn vị", "Unit"), v.dec.unit);
	doc_meta(doc, T("Năm", "Year"), arena_printf(a, "%ld", v.dec.year));
	doc_meta(doc, T("Bộ quy tắc", "Rule set"), v.dec.rules);
	struct doc_col cols[] = {
		{T("STT", "No."), DOC_COL_INT, 5, false, NULL},
		{T("Mã", "Code"), DOC_COL_TEXT, 10, false, NULL},
		{T("Tập thể, cá nhân", "Collective or person"), DOC_COL_TEXT, 26, false, NULL},
		{T("Đơn vị", "Unit"), DOC_COL_TEXT, 20, false, NULL},
		{T("Danh hiệu, hình thức", "Title"), DOC_COL_TEXT, 28, false, NULL},
		{T("Mã danh hiệu", "Title code"), DOC_COL_TEXT, 10, true, NULL},
		{T("Tiền thưởng (đồng)", "Cash (VND)"), DOC_COL_INT, 14, false, NULL},
	};
	struct doc_table *tb = doc_table_new(doc, T("Khen thưởng", "Awards"), NULL, cols, 7);
	for (size_t i = 0; i < v.n; i++) {
		struct doc_cell *c = doc_row(tb);
		const struct emu_named_award *w = &v.rows[i];
		doc_set_num(&c[0], (double)(i + 1));
		doc_set_text(&c[1], w->candidate);
		doc_set_text(&c[2], w->name);
		doc_set_text(&c[3], w->unit_name);
		doc_set_text(&c[4], en_ ? w->title_en : w->title_vi);
		doc_set_text(&c[5], w->title);
		doc_set_num(&c[6], (double)w->cash);
	}
	struct doc_cell *c = doc_row(tb);
	doc_set_text(&c[2], T("Tổng cộng", "Total"));
	doc_set_num(&c[6], (double)v.total_cash);
	doc_footnote(doc, T("Tiền thưởng = hệ số x mức lương cơ sở, làm tròn đến 1.000 đồng; cá nhân được nhiều danh hiệu trong một quyết định chỉ nhận tiền thưởng của danh hiệu cao nhất (các danh hiệu khác ghi 0).",
	                    "Cash = multiple x base salary, rounded to 1,000 VND; a candidate awarded several titles in one decision receives the cash of the highest only (the others show 0)."));
	const char *keys[] = {"number", "date", "date_short", "year", "unit", "unit_name",
	                      "UNIT_NAME", "count", "total", "rules"};
	const char *vals[] = {v.dec.number, dl, ds, arena_printf(a, "%ld", v.dec.year), v.dec.unit,
	                      v.unit_name, app_report_upper(a, v.unit_name),
	                      arena_printf(a, "%zu", v.n), money(a, v.total_cash, en_), v.dec.rules};
	struct doc_issuer *is;
	if ((e = app_report_issuer(app, "emulation-decision.json", keys, vals, 10, &is, d)) != PX_OK)
		return e;
	doc->issuer = is;
	*out = doc;
	return PX_OK;
}

enum px_err app_report_emu_minutes(struct app *app, const struct actor *who, const char *unit,
                                   int year, const char *lang, struct doc **out,
                                   struct diags *d)
{
	bool en_ = lang && !strcmp(lang, "en");
	struct arena *a = app->arena;
	struct emu_minutes_view v;
	enum px_err e = app_emu_minutes(app, who, unit, year, &v, d);
	if (e != PX_OK)
		return e;
	struct doc *doc = emu_doc(app, arena_printf(a, T("Biên bản họp hội đồng thi đua %s năm %d",
	                                                 "Emulation council minutes %s %d"),
	                                            unit, year), en_);
	doc->version = arena_printf(a, "%d", year);
	char q[32];
	emu_ppm_format(v.council.council.quorum_ppm, q, sizeof q);
	doc_meta(doc, T("Đơn vị", "Unit"), unit);
	doc_meta(doc, T("Năm", "Year"), doc->version);
	doc_meta(doc, T("Túc số", "Quorum"), arena_strdup(a, q));
	struct doc_col mcols[] = {
		{T("STT", "No."), DOC_COL_INT, 5, false, NULL},
		{T("Thành viên", "Member"), DOC_COL_TEXT, 30, false, NULL},
		{T("Chức danh trong hội đồng", "Position"), DOC_COL_TEXT, 24, false, NULL},
		{T("Tài khoản", "Login"), DOC_COL_TEXT, 12, true, NULL},
	};
	struct doc_table *mt = doc_table_new(doc, T("Thành viên", "Members"),
	                                     T("Thành viên hội đồng", "Council members"), mcols, 4);
	for (size_t i = 0; i < v.council.n; i++) {
		struct doc_cell *c = doc_row(mt);
		doc_set_num(&c[0], (double)(i + 1));
		doc_set_text(&c[1], v.council.members[i].name);
		doc_set_text(&c[2], v.council.members[i].position);
		doc_set_text(&c[3], v.council.members[i].login);
	}
	struct doc_col vcols[] = {
		{T("STT", "No."), DOC_COL_INT, 5, false, NULL},
		{T("Tập thể, cá nhân", "Candidate"), DOC_COL_TEXT, 24, false, NULL},
		{T("Danh hiệu", "Title"), DOC_COL_TEXT, 24, false, NULL},
		{T("Có mặt", "Present"), DOC_COL_INT, 7, false, NULL},
		{T("Bằng văn bản", "In writing"), DOC_COL_INT, 8, false, NULL},
		{T("Đồng ý", "Yes"), DOC_COL_INT, 7, false, NULL},
		{T("Tỷ lệ / tổng số TV (%)", "Share of all (%)"), DOC_COL_PERCENT, 10, false, NULL},
		{T("Ngưỡng (%)", "Threshold (%)"), DOC_COL_PERCENT, 9, false, NULL},
		{T("Mã", "Code"), DOC_COL_TEXT, 10, true, NULL},
	};
	struct doc_table *vt = doc_table_new(doc, T("Bỏ phiếu", "Votes"),
	                                     T("Kết quả bỏ phiếu kín", "Secret-ballot results"), vcols,
	                                     9);
	for (size_t i = 0; i < v.n; i++) {
		const struct emu_ballot_rec *b = &v.votes[i];
		int t = emu_title_find(&v.rules, b->title);
		struct doc_cell *c = doc_row(vt);
		doc_set_num(&c[0], (double)(i + 1));
		doc_set_text(&c[1], v.names[i]);
		doc_set_text(&c[2], t < 0 ? b->title : en_ ? v.rules.titles[t].title_en
		                                           : v.rules.titles[t].title_vi);
		if (b->present >= 0)
			doc_set_num(&c[3], (double)b->present);
		if (b->written >= 0)
			doc_set_num(&c[4], (double)b->written);
		doc_set_num(&c[5], (double)b->yes);
		doc_set_num(&c[6], b->members > 0 ? 100.0 * (double)b->yes / (double)b->members : 0);
		if (t >= 0)
			doc_set_num(&c[7], (double)v.rules.titles[t].vote_ppm / 10000.0);
		doc_set_text(&c[8], b->candidate);
	}
	const char *keys[] = {"year", "unit", "unit_name", "UNIT_NAME", "members", "quorum", "votes"};
	const char *vals[] = {doc->version, unit, v.unit_name, app_report_upper(a, v.unit_name),
	                      arena_printf(a, "%zu", v.council.n), arena_strdup(a, q),
	                      arena_printf(a, "%zu", v.n)};
	struct doc_issuer *is;
	if ((e = app_report_issuer(app, "emulation-minutes.json", keys, vals, 7, &is, d)) != PX_OK)
		return e;
	doc->issuer = is;
	*out = doc;
	return PX_OK;
}

/* ---- the pages' lists --------------------------------------------------- */

/* The order of the proposal table: eligible first, then as proposed. */
size_t app_emu_proposal_order(const struct emu_proposal_view *v, const char *title,
                              size_t *order)
{
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < v->n; i++) {
			const struct emu_proposal *p = &v->rows[i];
			if (title && *title && strcmp(v->rules.titles[p->title].code, title))
				continue;
			if (p->check.eligible == (pass == 0))
				order[k++] = i;
		}
	return k;
}

enum px_err app_report_emu_proposals(struct app *app, const struct actor *who, const char *unit,
                                     int year, const char *title, const char *lang,
                                     struct doc **out, struct diags *d)
{
	bool en_ = lang && !strcmp(lang, "en");
	struct arena *a = app->arena;
	struct emu_proposal_view v;
	enum px_err e = app_emu_propose(app, who, year, unit, &v, d);
	if (e != PX_OK)
		return e;
	struct doc *doc = emu_doc(app, arena_printf(a, T("Đề xuất danh hiệu thi đua %s năm %d",
	                                                 "Emulation title proposals %s %d"),
	                                            unit, year), en_);
	doc->version = v.rules.code;
	doc->landscape = true;
	doc_meta(doc, T("Đơn vị", "Unit"), unit);
	doc_meta(doc, T("Năm", "Year"), arena_printf(a, "%d", year));
	doc_meta(doc, T("Bộ quy tắc", "Rule set"), v.rules.code);
	struct doc_col cols[] = {
		{T("Mã", "Code"), DOC_COL_TEXT, 10, false, NULL},
		{T("Tập thể, cá nhân", "Candidate"), DOC_COL_TEXT, 24, false, NULL},
		{T("Loại", "Kind"), DOC_COL_TEXT, 10, false, NULL},
		{T("Danh hiệu", "Title"), DOC_COL_TEXT, 24, false, NULL},
		{T("Đủ điều kiện", "Eligible"), DOC_COL_TEXT, 8, false, NULL},
		{T("Lý do (từng điều kiện)", "Reasons (each condition)"), DOC_COL_TEXT, 60, false, NULL},
	};
	struct doc_table *tb = doc_table_new(doc, T("Đề xuất", "Proposals"), NULL, cols, 6);
	size_t *order = arena_array(a, v.n + 1, sizeof *order);
	size_t k = app_emu_proposal_order(&v, title, order);
	for (size_t i = 0; i < k; i++) {
		const struct emu_proposal *p = &v.rows[order[i]];
		const struct emu_title *t = &v.rules.titles[p->title];
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], p->candidate);
		doc_set_text(&c[1], p->name);
		doc_set_text(&c[2], !strcmp(p->kind, "individual") ? T("cá nhân", "individual")
		                                                    : T("tập thể", "collective"));
		doc_set_text(&c[3], en_ ? t->title_en : t->title_vi);
		doc_set_text(&c[4], p->check.eligible ? T("có", "yes") : T("không", "no"));
		doc_set_text(&c[5], arena_strdup(a, p->check.reason));
	}
	*out = doc;
	return PX_OK;
}

enum px_err app_report_emu_history(struct app *app, const struct actor *who,
                                   const char *candidate, const char *lang, struct doc **out,
                                   struct diags *d)
{
	bool en_ = lang && !strcmp(lang, "en");
	struct arena *a = app->arena;
	struct emu_history_view v;
	enum px_err e = app_emu_history(app, who, candidate, &v, d);
	if (e != PX_OK)
		return e;
	struct doc *doc = emu_doc(app, arena_printf(a, T("Khen thưởng qua các năm: %s",
	                                                 "Awards over the years: %s"), v.name), en_);
	doc->version = "live";
	doc_meta(doc, T("Mã", "Code"), candidate);
	struct doc_col cols[] = {
		{T("Năm", "Year"), DOC_COL_INT, 6, false, NULL},
		{T("Danh hiệu", "Title"), DOC_COL_TEXT, 30, false, NULL},
		{T("Quyết định", "Decision"), DOC_COL_TEXT, 20, false, NULL},
		{T("Ngày", "Date"), DOC_COL_TEXT, 11, false, NULL},
		{T("Tiền thưởng (đồng)", "Cash (VND)"), DOC_COL_INT, 14, false, NULL},
	};
	struct doc_table *tb = doc_table_new(doc, T("Khen thưởng", "Awards"), NULL, cols, 5);
	for (size_t i = 0; i < v.n; i++) {
		struct doc_cell *c = doc_row(tb);
		const char *dl, *ds;
		dates(a, v.rows[i].date, &dl, &ds);
		doc_set_num(&c[0], (double)v.rows[i].year);
		doc_set_text(&c[1], en_ ? v.rows[i].title_en : v.rows[i].title_vi);
		doc_set_text(&c[2], v.rows[i].decision);
		doc_set_text(&c[3], *ds ? ds : NULL);
		if (v.rows[i].cash >= 0)
			doc_set_num(&c[4], (double)v.rows[i].cash);
	}
	doc_footnote(doc, T("Khen thưởng các năm trước khi dùng parindex (nhập từ hồ sơ) không có ngày và tiền thưởng.",
	                    "Awards of the years before parindex (imported) have no date and no cash."));
	*out = doc;
	return PX_OK;
}

enum px_err app_report_emu_registrations(struct app *app, const struct actor *who,
                                         const char *unit, int year, const char *lang,
                                         struct doc **out, struct diags *d)
{
	bool en_ = lang && !strcmp(lang, "en");
	struct arena *a = app->arena;
	struct emu_movement_view v;
	enum px_err e = app_emu_movement_view(app, who, unit, year, &v, d);
	if (e != PX_OK)
		return e;
	struct doc *doc = emu_doc(app, arena_printf(a, T("Đăng ký thi đua %s năm %d",
	                                                 "Emulation registrations %s %d"),
	                                            unit, year), en_);
	doc->version = arena_printf(a, "%d", year);
	if (v.exists)
		doc_meta(doc, T("Phong trào", "Movement"), v.movement.title);
	struct doc_col cols[] = {
		{T("Mã", "Code"), DOC_COL_TEXT, 10, false, NULL},
		{T("Tập thể, cá nhân", "Candidate"), DOC_COL_TEXT, 26, false, NULL},
		{T("Cam kết", "Commitment"), DOC_COL_TEXT, 40, false, NULL},
		{T("Ngày đăng ký", "Registered on"), DOC_COL_TEXT, 12, false, NULL},
	};
	struct doc_table *tb = doc_table_new(doc, T("Đăng ký", "Registrations"), NULL, cols, 4);
	for (size_t i = 0; i < v.n; i++) {
		struct doc_cell *c = doc_row(tb);
		const char *dl, *ds;
		dates(a, v.regs[i].at, &dl, &ds);
		doc_set_text(&c[0], v.regs[i].candidate);
		doc_set_text(&c[1], v.names[i]);
		doc_set_text(&c[2], v.regs[i].commitment);
		doc_set_text(&c[3], ds);
	}
	*out = doc;
	return PX_OK;
}
