/*
 * parindex restore FILE [--force]: puts a backup made by `parindex backup`
 * back as the database (SQLite; PostgreSQL restores with pg_restore,
 * docs/operations.md section 3). Safely:
 *   1. the backup is checked first, and nothing happens unless it passes:
 *      a readable SQLite file, integrity_check ok, a parindex schema not
 *      newer than this program, an intact audit chain;
 *   2. a database that already holds data is replaced only with --force
 *      (the refusal says what it holds and what the backup holds);
 *   3. the copy is online (SQLite's backup API into the live database:
 *      a running server waits on the lock and then sees the restored
 *      database, never a mix), then the migrations bring it up to date;
 *   4. the old anchor key and head, which name a newer head than the
 *      restored one, are moved aside (kept for the incident record) and a
 *      new key anchors the restored head, as docs/operations.md "After a
 *      restore" asks;
 *   5. the restored database is checked again (integrity, chain).
 */
#include "cli/cli.h"
#include "base/clock.h"
#include "store/repo_audit.h"
#include "store/repo_unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The backup's checks (step 1); its head in *head. */
static int check_backup(const char *file, struct audit_head *head)
{
	struct db *src;
	char *msg = NULL;
	if (db_open_backup(file, &src, &msg) != PX_OK) {
		fprintf(stderr, "parindex: %s\n", msg);
		free(msg);
		return 1;
	}
	int rc = 1;
	int64_t checked = 0, bad = 0;
	if (db_integrity_check(src) != PX_OK) {
		fprintf(stderr, "parindex: bản sao lưu %s bị hỏng | the backup %s is damaged: %s\n", file,
		        file, db_errmsg(src));
		goto out;
	}
	struct db_stmt *st = db_prepare(src, "SELECT count(*) FROM sqlite_master"
	                                     " WHERE type = 'table' AND name = 'schema_version'");
	bool parindex = db_step(st) == DB_ROW && db_col_int(st, 0) == 1;
	db_done(st);
	if (!parindex) {
		fprintf(stderr, "parindex: %s không phải CSDL parindex | %s is not a parindex database\n",
		        file, file);
		goto out;
	}
	int version = db_schema_version(src);
	if (version > db_schema_latest()) {
		fprintf(stderr,
		        "parindex: bản sao lưu có lược đồ phiên bản %d, mới hơn chương trình (%d) | the "
		        "backup's schema version %d is newer than this program's %d\n",
		        version, db_schema_latest(), version, db_schema_latest());
		goto out;
	}
	if (audit_verify(src, &checked, &bad) != PX_OK || bad) {
		fprintf(stderr,
		        "parindex: nhật ký của bản sao lưu không toàn vẹn (mục %lld) | the backup's audit "
		        "log does not verify (entry %lld)\n",
		        (long long)bad, (long long)bad);
		goto out;
	}
	if (audit_head(src, head) != PX_OK) {
		fprintf(stderr, "parindex: %s: %s\n", file, db_errmsg(src));
		goto out;
	}
	rc = 0;
out:
	db_close(src);
	return rc;
}

/* Moves path aside as path.before-restore-STAMP; the new name in moved. */
static bool move_aside(const char *path, const char *stamp, char *moved, size_t n)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return true; /* nothing to move */
	if ((size_t)snprintf(moved, n, "%s.before-restore-%s", path, stamp) >= n)
		return false;
	return rename(path, moved) == 0;
}

int cmd_restore(struct cli *c, int argc, char **argv)
{
	const char *force = NULL, *file;
	struct cli_opt opts[] = {{"--force", false, &force}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &file, CLI_NEED_FILE);
	if (e != PX_OK)
		return px_exit_status(e);
	if (db_url_is_postgres(c->db_url)) {
		fprintf(stderr,
		        "parindex: khôi phục CSDL PostgreSQL bằng pg_restore vào một CSDL mới "
		        "(docs/operations.md, mục 3) | restore a PostgreSQL database with pg_restore "
		        "into a new database (docs/operations.md, section 3)\n");
		return 1;
	}
	struct audit_head bh;
	if (check_backup(file, &bh))
		return 1;
	struct stat sb;
	bool existed = stat(c->db_url, &sb) == 0 && sb.st_size > 0;
	if (cli_open_db(c) != PX_OK)
		return 1;
	struct db *db = c->app.db;
	struct audit_head th;
	if (audit_head(db, &th) != PX_OK) {
		fprintf(stderr, "parindex: %s: %s\n", c->db_shown, db_errmsg(db));
		return 1;
	}
	if (existed && !force && (th.seq > 0 || repo_unit_count(db) > 0)) {
		fprintf(stderr,
		        "parindex: CSDL %s đang có dữ liệu (nhật ký %lld mục, mục cuối lúc %s); bản sao "
		        "lưu có %lld mục. Khôi phục sẽ thay thế toàn bộ: thêm --force | the database %s "
		        "holds data (%lld audit entries, the last at %s); the backup has %lld. A restore "
		        "replaces all of it: add --force\n",
		        c->db_shown, (long long)th.seq, *th.at ? th.at : "-", (long long)bh.seq,
		        c->db_shown, (long long)th.seq, *th.at ? th.at : "-", (long long)bh.seq);
		return 1;
	}
	struct audit_anchor old;
	enum audit_anchor_state had = audit_anchor_read(db, &old);
	if (db_restore(db, file) != PX_OK || db_migrate(db) != PX_OK) {
		fprintf(stderr, "parindex: khôi phục thất bại | restore failed: %s\n", db_errmsg(db));
		return 1;
	}
	/* the old anchor names the replaced database's head: aside, and a new
	 * key anchors the restored head */
	char stamp[32], moved_key[4200] = "", moved_head[4200] = "";
	clock_iso(clock_now(), stamp);
	for (char *p = stamp; *p; p++)
		if (*p == ':')
			*p = '-';
	if (had != AUDIT_ANCHOR_UNCONFIGURED &&
	    (!move_aside(old.key_path, stamp, moved_key, sizeof moved_key) ||
	     !move_aside(old.head_path, stamp, moved_head, sizeof moved_head))) {
		fprintf(stderr,
		        "parindex: đã khôi phục nhưng không dời được khóa neo cũ %s; dời nó đi rồi chạy "
		        "parindex init | restored, but the old anchor key %s could not be moved aside; "
		        "move it, then run parindex init\n",
		        old.key_path, old.key_path);
		return 1;
	}
	char amsg[600];
	if (audit_anchor_open(db, true, amsg, sizeof amsg) != PX_OK) {
		fprintf(stderr, "parindex: %s\n", amsg);
		return 1;
	}
	int64_t checked = 0, bad = 0;
	if (db_integrity_check(db) != PX_OK || audit_verify(db, &checked, &bad) != PX_OK || bad) {
		fprintf(stderr, "parindex: CSDL sau khôi phục không đạt kiểm tra | the restored database "
		                "does not pass its checks: %s\n", db_errmsg(db));
		return 1;
	}
	printf("Đã khôi phục %s vào %s: nhật ký %lld mục, toàn vẹn | restored %s into %s: %lld audit "
	       "entries, intact\n",
	       file, c->db_shown, (long long)checked, file, c->db_shown, (long long)checked);
	if (th.seq > bh.seq)
		printf("%lld mục nhật ký mới hơn bản sao lưu không còn trong CSDL | %lld audit entries "
		       "newer than the backup are no longer in the database\n",
		       (long long)(th.seq - bh.seq), (long long)(th.seq - bh.seq));
	if (*moved_key)
		printf("Khóa neo cũ để lại: %s%s%s | the old anchor key kept as %s%s%s\n", moved_key,
		       *moved_head ? ", " : "", moved_head, moved_key, *moved_head ? ", " : "",
		       moved_head);
	return 0;
}
