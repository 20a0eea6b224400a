/* `parindex setting list|set|reset`: the administrator's settings
 * (app/setting.c says which exist and what they take). */
#include "cli/cli.h"
#include "app/setting.h"

#include <stdio.h>

int cmd_setting_list(struct cli *c, int argc, char **argv)
{
	struct setting_row *v;
	size_t n;
	enum px_err e = cli_open(c, argc, argv, NULL);
	if (e == PX_OK)
		e = cli_listed(c, app_setting_list(&c->app, &v, &n));
	if (e != PX_OK)
		return px_exit_status(e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"name", "value", "default", "meaning_vi", "meaning_en", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, v[i].name);
		report_text(r, v[i].value);
		report_text(r, v[i].dflt);
		report_text(r, v[i].what_vi);
		report_text(r, v[i].what_en);
	}
	return px_exit_status(cli_print(c, r));
}

static int change(struct cli *c, int argc, char **argv, bool set)
{
	static const char usage_set[] = "setting set NAME VALUE";
	static const char usage_reset[] = "setting reset NAME";
	const char *pos[2] = {NULL, NULL};
	int npos = 0;
	enum px_err e = cli_parse(c, argc, argv, NULL, pos, set ? 2 : 1, &npos,
	                          set ? usage_set : usage_reset);
	if (e == PX_OK && npos != (set ? 2 : 1)) {
		cli_usage_error(set ? usage_set : usage_reset,
		                set ? "cần tên và giá trị | a name and a value are needed"
		                    : "cần tên thiết lập | a setting name is needed");
		e = PX_USAGE;
	}
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	e = app_setting_set(&c->app, pos[0], set ? pos[1] : NULL, &d);
	if (e == PX_OK && set)
		printf("%s = %s\n", pos[0], pos[1]);
	else if (e == PX_OK)
		printf("%s: về mặc định | back to the default\n", pos[0]);
	return cli_finish(&d, e);
}

int cmd_setting_set(struct cli *c, int argc, char **argv)
{
	return change(c, argc, argv, true);
}

int cmd_setting_reset(struct cli *c, int argc, char **argv)
{
	return change(c, argc, argv, false);
}
