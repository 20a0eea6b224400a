/* Database-wide commands: init, demo, backup, audit verify, audit head. */
#include "cli/cli.h"
#include "base/arena.h"
#include "base/clock.h"
#include "store/repo_audit.h"
#include "store/repo_unit.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_init(struct cli *c, int argc, char **argv)
{
	enum px_err e = cli_open(c, argc, argv, NULL);
	/* a database made before anchors existed gets its key now: its
	 * current head is trusted from here on (docs/internals/audit.md) */
	char msg[600];
	if (e == PX_OK && audit_anchor_open(c->app.db, true, msg, sizeof msg) != PX_OK) {
		fprintf(stderr, "parindex: %s\n", msg);
		e = PX_FAIL;
	}
	if (e == PX_OK)
		printf("CSDL %s sẵn sàng, lược đồ phiên bản %d | database %s ready, schema version %d\n",
		       c->db_shown, db_schema_version(c->app.db), c->db_shown,
		       db_schema_version(c->app.db));
	return px_exit_status(e);
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
	const char *force = NULL;
	struct cli_opt opts[] = {{"--force", false, &force}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	c->app.actor = "demo";
	e = app_demo(&c->app, force != NULL, &d);
	if (e == PX_OK)
		printf("Đã nạp thành phố mẫu vào %s: %ld đơn vị, %ld cán bộ (số liệu minh họa) | "
		       "demo city loaded into %s: %ld units, %ld staff (demo figures)\n",
		       c->db_shown, repo_unit_count(c->app.db), repo_staff_count(c->app.db),
		       c->db_shown, repo_unit_count(c->app.db), repo_staff_count(c->app.db));
	else
		cli_report_diags(&d, e);
	diags_free(&d);
	return px_exit_status(e);
}

int cmd_backup(struct cli *c, int argc, char **argv)
{
	const char *file;
	enum px_err e = cli_one_arg(c, argc, argv, NULL, &file, CLI_NEED_FILE);
	if (e == PX_OK)
		e = cli_open_db(c);
	if (e == PX_OK)
		e = db_backup(c->app.db, file);
	if (e != PX_OK && c->app.db)
		fprintf(stderr, "parindex: sao lưu thất bại | backup failed: %s\n",
		        db_errmsg(c->app.db));
	if (e == PX_OK)
		printf("Đã sao lưu vào %s | backed up to %s\n", file, file);
	return px_exit_status(e);
}

/* SEQ:HASH (a head printed by `audit head`) into h; false when malformed. */
static bool parse_head_arg(const char *s, struct audit_head *h)
{
	memset(h, 0, sizeof *h);
	const char *colon = strchr(s, ':');
	if (!colon || colon == s || colon - s > 18 || strlen(colon + 1) != 64)
		return false;
	for (const char *p = s; p < colon; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	h->seq = strtoll(s, NULL, 10);
	for (int i = 0; i < 64; i++) {
		char ch = (char)tolower((unsigned char)colon[1 + i]);
		if (!isxdigit((unsigned char)ch))
			return false;
		h->hash[i] = ch;
	}
	return true;
}

/* Reports a head that must be in the chain (the anchor or a printed head)
 * when it is not there with its hash. */
static void report_mark(const struct audit_mark *m, const struct audit_walk *w,
                        const char *what_vi, const char *what_en)
{
	if (m->state == AUDIT_MARK_MATCHES)
		return;
	if (m->state == AUDIT_MARK_DIFFERS)
		fprintf(stderr,
		        "parindex: mục %lld khác với %s: chuỗi nhật ký đã bị viết lại | entry %lld "
		        "differs from %s: the audit chain was rewritten\n",
		        (long long)m->seq, what_vi, (long long)m->seq, what_en);
	else if (!w->bad_seq)
		fprintf(stderr,
		        "parindex: thiếu các mục %lld đến %lld: %s là mục %lld nhưng nhật ký dừng ở mục "
		        "%lld (các mục mới nhất đã bị xóa) | entries %lld to %lld are missing: %s is "
		        "entry %lld but the log ends at entry %lld (the newest entries were deleted)\n",
		        (long long)w->last.seq + 1, (long long)m->seq, what_vi, (long long)m->seq,
		        (long long)w->last.seq, (long long)w->last.seq + 1, (long long)m->seq, what_en,
		        (long long)m->seq, (long long)w->last.seq);
}

/* Checks the chain, the anchor and (when given) a printed head; prints
 * every failure and warning. 0: intact, 1: not, 2: usage. */
static int check_audit(struct cli *c, const char *witness, struct audit_verdict *v)
{
	struct audit_head wh;
	if (witness && !parse_head_arg(witness, &wh)) {
		cli_usage_error(c->usage, "--head cần SEQ:HASH như audit head in ra | --head takes "
		                       "SEQ:HASH as printed by audit head");
		return 2;
	}
	if (cli_open_db(c) != PX_OK)
		return 1;
	if (audit_check(c->app.db, witness ? &wh : NULL, v) != PX_OK) {
		fprintf(stderr, "parindex: %s\n", db_errmsg(c->app.db));
		return 1;
	}
	const struct audit_walk *w = &v->walk;
	const struct audit_anchor *a = &v->anchor;
	if (w->bad_seq)
		fprintf(stderr, "parindex: nhật ký bị sửa đổi từ mục %lld | audit log broken at entry %lld\n",
		        (long long)w->bad_seq, (long long)w->bad_seq);
	bool witnessed = v->witnessed && v->witness_mark.state == AUDIT_MARK_MATCHES;
	switch (v->anchor_state) {
	case AUDIT_ANCHOR_OK:
		report_mark(&v->anchor_mark, w, "đầu neo", "the anchored head");
		if (v->behind)
			fprintf(stderr,
			        "parindex: cảnh báo: đầu neo chậm %lld mục (lần ghi cuối chưa được neo) | "
			        "warning: anchor behind by %lld entries (last write not anchored)\n",
			        (long long)v->behind, (long long)v->behind);
		if (a->key_mode & 077)
			fprintf(stderr,
			        "parindex: cảnh báo: khóa neo %s có quyền %03o, cần 600 | warning: the "
			        "anchor key %s has mode %03o, it should be 600\n",
			        a->key_path, a->key_mode, a->key_path, a->key_mode);
		break;
	case AUDIT_ANCHOR_UNCONFIGURED:
	case AUDIT_ANCHOR_NO_KEY:
		if (v->anchor_state == AUDIT_ANCHOR_UNCONFIGURED)
			fprintf(stderr,
			        "parindex: %sCSDL này không có khóa neo nhật ký (PostgreSQL: --audit-key FILE "
			        "hoặc $PARINDEX_AUDIT_KEY) | %sthis database has no audit anchor key "
			        "(PostgreSQL: --audit-key FILE or $PARINDEX_AUDIT_KEY)\n",
			        witnessed ? "cảnh báo: " : "", witnessed ? "warning: " : "");
		else
			fprintf(stderr,
			        "parindex: %skhông có khóa neo %s (CSDL tạo trước khi có neo: chạy "
			        "parindex init) | %sno audit anchor key %s (a database made before "
			        "anchors: run parindex init)\n",
			        witnessed ? "cảnh báo: " : "", a->key_path, witnessed ? "warning: " : "",
			        a->key_path);
		if (!witnessed)
			fprintf(stderr, "parindex: không kiểm tra được việc xóa các mục mới nhất | "
			                "deletion of the newest entries cannot be ruled out\n");
		break;
	case AUDIT_ANCHOR_BAD_KEY:
		fprintf(stderr,
		        "parindex: khóa neo %s không đọc được hoặc sai định dạng | the audit anchor key "
		        "%s is unreadable or malformed\n",
		        a->key_path, a->key_path);
		break;
	case AUDIT_ANCHOR_MISSING:
		fprintf(stderr,
		        "parindex: tệp neo %s bị mất: không loại trừ được việc xóa các mục mới nhất | "
		        "the anchor file %s is missing: deletion of the newest entries cannot be ruled "
		        "out\n",
		        a->head_path, a->head_path);
		break;
	case AUDIT_ANCHOR_BAD:
		fprintf(stderr,
		        "parindex: tệp neo %s bị sửa hoặc không được ký bằng khóa này | the anchor file "
		        "%s was altered or not signed with this key\n",
		        a->head_path, a->head_path);
		break;
	}
	if (v->witnessed)
		report_mark(&v->witness_mark, w, "đầu đã in (--head)", "the printed head (--head)");
	return v->intact ? 0 : 1;
}

int cmd_audit_verify(struct cli *c, int argc, char **argv)
{
	const char *witness = NULL;
	struct cli_opt opts[] = {{"--head", true, &witness}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e != PX_OK)
		return px_exit_status(e);
	struct audit_verdict v;
	int rc = check_audit(c, witness, &v);
	if (rc)
		return rc;
	printf("Nhật ký toàn vẹn: %lld mục | audit log intact: %lld entries\n",
	       (long long)v.walk.checked, (long long)v.walk.checked);
	return 0;
}

int cmd_audit_head(struct cli *c, int argc, char **argv)
{
	enum px_err e = cli_options(c, argc, argv, NULL);
	if (e != PX_OK)
		return px_exit_status(e);
	struct audit_verdict v;
	int rc = check_audit(c, NULL, &v);
	if (rc) {
		fprintf(stderr, "parindex: không in đầu của một nhật ký không toàn vẹn | not printing "
		                "the head of an audit log that does not verify\n");
		return rc;
	}
	char mac[65];
	if (audit_anchor_mac(c->app.db, &v.walk.last, mac) != PX_OK) {
		fprintf(stderr, "parindex: không đọc được khóa neo %s | cannot read the anchor key %s\n",
		        v.anchor.key_path, v.anchor.key_path);
		return 1;
	}
	char now[21];
	clock_iso(clock_now(), now);
	const struct audit_head *h = &v.walk.last;
	const struct audit_anchor *a = &v.anchor;
	if (c->format == REPORT_JSON)
		printf("{\"seq\": %lld, \"hash\": \"%s\", \"hmac\": \"%s\", \"at\": \"%s\","
		       " \"printed\": \"%s\", \"anchored_seq\": %lld}\n",
		       (long long)h->seq, h->hash, mac, h->at, now, (long long)a->head.seq);
	else if (c->format == REPORT_CSV)
		printf("seq,hash,hmac,at,printed,anchored_seq\n%lld,%s,%s,%s,%s,%lld\n",
		       (long long)h->seq, h->hash, mac, h->at, now, (long long)a->head.seq);
	else
		printf("Đầu nhật ký kiểm toán | audit log head\n"
		       "  mục | seq:               %lld\n"
		       "  băm | hash:              %s\n"
		       "  HMAC-SHA256:             %s\n"
		       "  thời điểm mục | at:      %s\n"
		       "  in lúc | printed:        %s\n"
		       "  đầu neo | anchored seq:  %lld\n"
		       "Đối chiếu về sau | to check later:\n"
		       "  parindex audit verify --head %lld:%s\n",
		       (long long)h->seq, h->hash, mac, h->at, now, (long long)a->head.seq,
		       (long long)h->seq, h->hash);
	return 0;
}
