/* The administrator's settings; see setting.h. */
#include "app/setting.h"
#include "base/arena.h"
#include "store/repo_audit.h"
#include "store/repo_user.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *dflt, *what_vi, *what_en;
	long long min, max;
} known[] = {
	{"evaluation_manager_day", "5", "hạn lãnh đạo chấm điểm: ngày của tháng sau (1–28)",
	 "the manager's scoring deadline: day of the next month (1-28)", 1, 28},
	{"evaluation_self_day", "3", "hạn tự đánh giá: ngày của tháng sau (1–28)",
	 "the self-evaluation deadline: day of the next month (1-28)", 1, 28},
	{"evidence_max_bytes", "20971520", "dung lượng tối đa của một tệp minh chứng (byte; dưới giới hạn tải lên 32 MiB)",
	 "the largest evidence file (bytes; below the 32 MiB upload limit)", 1024, 31457280},
};
#define NKNOWN (sizeof known / sizeof known[0])

enum px_err app_setting_list(struct app *app, struct setting_row **out, size_t *n)
{
	*out = arena_array(app->arena, NKNOWN, sizeof **out);
	for (size_t i = 0; i < NKNOWN; i++)
		(*out)[i] = (struct setting_row){known[i].name,
		                                 repo_setting_get(app->db, app->arena, known[i].name),
		                                 known[i].dflt, known[i].what_vi, known[i].what_en};
	*n = NKNOWN;
	return PX_OK;
}

enum px_err app_setting_set(struct app *app, const char *name, const char *value,
                            struct diags *d)
{
	size_t i = 0;
	while (i < NKNOWN && strcmp(known[i].name, name))
		i++;
	if (i == NKNOWN) {
		diag_err(d, NULL, 0, 0, "không có thiết lập \"%s\" (xem: setting list)",
		         "no setting \"%s\" (see: setting list)", name);
		return PX_BADINPUT;
	}
	if (value) {
		char *end = NULL;
		long long v = strtoll(value, &end, 10);
		if (!*value || *end || v < known[i].min || v > known[i].max) {
			diag_err(d, NULL, 0, 0, "%s: cần một số nguyên từ %lld đến %lld, không phải \"%s\"",
			         "%s: a whole number from %lld to %lld is needed, not \"%s\"", name,
			         known[i].min, known[i].max, value);
			return PX_BADINPUT;
		}
	}
	enum px_err e = db_begin(app->db);
	if (e == PX_OK)
		e = value ? repo_setting_put(app->db, name, value) : repo_setting_delete(app->db, name);
	if (e == PX_OK)
		e = audit_append(app->db, app->actor, value ? "set" : "reset", "setting", name,
		                 value ? value : known[i].dflt);
	return app_commit(app, e, d);
}
