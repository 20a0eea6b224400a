/*
 * The command-line adapter: one table of commands (cmd_table in main.c),
 * one cmd_<group>.c per group. A command parses its arguments, calls app/,
 * and prints through io/report.h. Exit statuses: 0 ok, 1 failure, 2 usage,
 * 3 bad input data (base/err.h).
 */
#ifndef PARINDEX_CLI_CLI_H
#define PARINDEX_CLI_CLI_H
#include <stdbool.h>

#include "app/app.h"
#include "io/report.h"

struct cli {
	const char *db_url;
	const char *db_shown; /* db_url with any password masked, for messages */
	struct app app;     /* db opened lazily by cli_open_db */
	enum report_format format;
	bool tty;           /* stderr is a terminal: show progress */
	const char *usage;  /* the running command's usage, from the command table */
	const char *as;     /* --as LOGIN: act with that user's grants (NULL: administrator) */
};

struct cli_opt {
	const char *name;   /* "--date" */
	int has_arg;        /* false: a flag; true: takes a value; CLI_NEEDED: must be given */
	const char **value; /* set to the argument, or "1" for a flag */
};
#define CLI_NEEDED 2

/* Parses argv (after the command words) into opts and positional
 * arguments (at most maxpos, stored in pos, count in *npos). --format is
 * handled for every command; an option marked CLI_NEEDED that is not
 * given is a usage error ("cần --x | --x is needed"; an empty value is
 * the use case's to judge). Prints a usage
 * error and returns PX_USAGE. */
enum px_err cli_parse(struct cli *c, int argc, char **argv, struct cli_opt *opts,
                      const char **pos, int maxpos, int *npos, const char *usage);
/* cli_parse for a command that takes no positional argument, with the
 * usage of the command table (c->usage). */
enum px_err cli_options(struct cli *c, int argc, char **argv, struct cli_opt *opts);
/* cli_parse for a command that takes exactly one positional argument,
 * *arg; without it a usage error that says `needed` (bilingual). */
enum px_err cli_one_arg(struct cli *c, int argc, char **argv, struct cli_opt *opts,
                        const char **arg, const char *needed);
#define CLI_NEED_FILE "cần tên tệp | a file name is needed"
/* cli_options, then (when they parse) cli_open_db: the opening of every
 * command that needs no check between its options and its database. */
enum px_err cli_open(struct cli *c, int argc, char **argv, struct cli_opt *opts);
/* After a command's own checks (*e): when they passed, opens the database
 * and initialises d for the use case's diagnostics (the caller frees it,
 * e.g. by cli_finish). False, d untouched, when *e failed or became the
 * opening's failure. */
bool cli_ready(struct cli *c, enum px_err *e, struct diags *d);
/* e, or PX_FAIL after printing the database's error when the read that
 * answered e failed (a listing that could not be read). */
enum px_err cli_listed(struct cli *c, enum px_err e);
/* Opens the database and migrates it (PX_FAIL with a message printed). */
enum px_err cli_open_db(struct cli *c);
/* Prints the diagnostics and returns e. */
enum px_err cli_report_diags(struct diags *d, enum px_err e);
struct actor;
/* The command line acts as an administrator of the database it opens
 * (the operator has the file), named "cli:USER"; with --as LOGIN, as that
 * user with their active grants (a disabled or unknown user: no grant),
 * named "cli:USER as LOGIN" in the audit log. */
struct actor cli_actor(struct cli *c);
/* Prints d when e failed, frees it, and returns the exit status (a
 * refusal, PX_DENIED, exits as a usage error). */
int cli_finish(struct diags *d, enum px_err e);
/* Parses a --date value (or today when NULL); prints a usage error. */
enum px_err cli_date_arg(const char *s, const char *name, int32_t *out);
/* Writes a report in the chosen format to stdout. */
enum px_err cli_print(struct cli *c, struct report *r);
/* Progress callback that draws a bar on stderr when it is a terminal. */
void cli_progress(void *ctx, size_t done, size_t total);
void cli_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The common shape of an import command: FILE, all or nothing, a
 * summary line, diagnostics on stderr. */
int cli_import(struct cli *c, int argc, char **argv, app_import_fn fn, const char *what_vi,
               const char *what_en);

/* Command handlers (one cmd_<group>.c per group). */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_report_ranking(struct cli *c, int argc, char **argv);
int cmd_report_unit(struct cli *c, int argc, char **argv);
int cmd_report_streamlining(struct cli *c, int argc, char **argv);
int cmd_report_dossiers(struct cli *c, int argc, char **argv);
int cmd_report_cycle(struct cli *c, int argc, char **argv);
int cmd_report_late(struct cli *c, int argc, char **argv);
int cmd_report_urging(struct cli *c, int argc, char **argv);
int cmd_report_inspection(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_restore(struct cli *c, int argc, char **argv);
int cmd_audit_verify(struct cli *c, int argc, char **argv);
int cmd_audit_head(struct cli *c, int argc, char **argv);
int cmd_unit_import(struct cli *c, int argc, char **argv);
int cmd_unit_list(struct cli *c, int argc, char **argv);
int cmd_unit_tree(struct cli *c, int argc, char **argv);
int cmd_unit_history(struct cli *c, int argc, char **argv);
int cmd_unit_stats(struct cli *c, int argc, char **argv);
int cmd_staff_import(struct cli *c, int argc, char **argv);
int cmd_staff_list(struct cli *c, int argc, char **argv);
int cmd_framework_import(struct cli *c, int argc, char **argv);
int cmd_framework_check(struct cli *c, int argc, char **argv);
int cmd_framework_list(struct cli *c, int argc, char **argv);
int cmd_framework_show(struct cli *c, int argc, char **argv);
int cmd_framework_export(struct cli *c, int argc, char **argv);
int cmd_assessment_import(struct cli *c, int argc, char **argv);
int cmd_score(struct cli *c, int argc, char **argv);
int cmd_explain(struct cli *c, int argc, char **argv);
int cmd_publish(struct cli *c, int argc, char **argv);
int cmd_results(struct cli *c, int argc, char **argv);
int cmd_cycle_open(struct cli *c, int argc, char **argv);
int cmd_cycle_extend(struct cli *c, int argc, char **argv);
int cmd_cycle_status(struct cli *c, int argc, char **argv);
int cmd_cycle_advance(struct cli *c, int argc, char **argv);
int cmd_appraiser_assign(struct cli *c, int argc, char **argv);
int cmd_appraiser_unassign(struct cli *c, int argc, char **argv);
int cmd_metric_import(struct cli *c, int argc, char **argv);
int cmd_metric_define(struct cli *c, int argc, char **argv);
int cmd_metric_list(struct cli *c, int argc, char **argv);
int cmd_metric_values(struct cli *c, int argc, char **argv);
/* cmd_dossier.c */
int cmd_dossier_analyze(struct cli *c, int argc, char **argv);
int cmd_dossier_import(struct cli *c, int argc, char **argv);
int cmd_dossier_late(struct cli *c, int argc, char **argv);
int cmd_procedure_import(struct cli *c, int argc, char **argv);
int cmd_procedure_list(struct cli *c, int argc, char **argv);
int cmd_calendar(struct cli *c, int argc, char **argv);
int cmd_service_index(struct cli *c, int argc, char **argv);
/* cmd_plan.c */
int cmd_plan_import(struct cli *c, int argc, char **argv);
int cmd_plan_list(struct cli *c, int argc, char **argv);
int cmd_plan_show(struct cli *c, int argc, char **argv);
int cmd_plan_status(struct cli *c, int argc, char **argv);
int cmd_plan_rollup(struct cli *c, int argc, char **argv);
int cmd_plan_overdue(struct cli *c, int argc, char **argv);
int cmd_task_report(struct cli *c, int argc, char **argv);
int cmd_metric_refresh(struct cli *c, int argc, char **argv);
int cmd_metric_runs(struct cli *c, int argc, char **argv);
int cmd_papi_import(struct cli *c, int argc, char **argv);
int cmd_report_plans(struct cli *c, int argc, char **argv);
int cmd_report_plan(struct cli *c, int argc, char **argv);
/* cmd_setting.c */
int cmd_setting_list(struct cli *c, int argc, char **argv);
int cmd_setting_set(struct cli *c, int argc, char **argv);
int cmd_setting_reset(struct cli *c, int argc, char **argv);
/* cmd_inspection.c */
int cmd_inspection_import(struct cli *c, int argc, char **argv);
int cmd_inspection_list(struct cli *c, int argc, char **argv);
int cmd_inspection_show(struct cli *c, int argc, char **argv);
int cmd_inspection_start(struct cli *c, int argc, char **argv);
int cmd_inspection_check(struct cli *c, int argc, char **argv);
int cmd_inspection_finding(struct cli *c, int argc, char **argv);
int cmd_inspection_recommend(struct cli *c, int argc, char **argv);
int cmd_inspection_conclude(struct cli *c, int argc, char **argv);
int cmd_inspection_close(struct cli *c, int argc, char **argv);
int cmd_reco_report(struct cli *c, int argc, char **argv);
int cmd_reco_verify(struct cli *c, int argc, char **argv);
int cmd_reco_list(struct cli *c, int argc, char **argv);
/* cmd_rating.c */
int cmd_dossier_rating_tokens(struct cli *c, int argc, char **argv);
int cmd_rating_list(struct cli *c, int argc, char **argv);
int cmd_rating_put(struct cli *c, int argc, char **argv);
/* cmd_survey.c */
int cmd_survey_instrument_import(struct cli *c, int argc, char **argv);
int cmd_survey_instrument_list(struct cli *c, int argc, char **argv);
int cmd_survey_open(struct cli *c, int argc, char **argv);
int cmd_survey_close(struct cli *c, int argc, char **argv);
int cmd_survey_reopen(struct cli *c, int argc, char **argv);
int cmd_survey_list(struct cli *c, int argc, char **argv);
int cmd_survey_import(struct cli *c, int argc, char **argv);
int cmd_survey_results(struct cli *c, int argc, char **argv);
int cmd_survey_progress(struct cli *c, int argc, char **argv);
int cmd_survey_codes(struct cli *c, int argc, char **argv);
int cmd_survey_report(struct cli *c, int argc, char **argv);
/* cmd_web.c */
int cmd_ui(struct cli *c, int argc, char **argv);
int cmd_serve(struct cli *c, int argc, char **argv);
int cmd_routes(struct cli *c, int argc, char **argv);
int cmd_user_add(struct cli *c, int argc, char **argv);
int cmd_user_list(struct cli *c, int argc, char **argv);
int cmd_user_grant(struct cli *c, int argc, char **argv);
int cmd_user_revoke(struct cli *c, int argc, char **argv);
int cmd_user_grants(struct cli *c, int argc, char **argv);
int cmd_token_create(struct cli *c, int argc, char **argv);
int cmd_token_revoke(struct cli *c, int argc, char **argv);
/* Staff evaluation (cmd_evaluation.c). */
int cmd_eval_rules_import(struct cli *c, int argc, char **argv);
int cmd_eval_import(struct cli *c, int argc, char **argv);
int cmd_eval_month(struct cli *c, int argc, char **argv);
int cmd_eval_year(struct cli *c, int argc, char **argv);
int cmd_eval_outstanding(struct cli *c, int argc, char **argv);
int cmd_discipline_import(struct cli *c, int argc, char **argv);
int cmd_absence_import(struct cli *c, int argc, char **argv);
int cmd_eval_self(struct cli *c, int argc, char **argv);
int cmd_eval_score(struct cli *c, int argc, char **argv);
int cmd_eval_approve(struct cli *c, int argc, char **argv);
int cmd_eval_reopen(struct cli *c, int argc, char **argv);
int cmd_eval_confirm(struct cli *c, int argc, char **argv);
int cmd_emu_rules_import(struct cli *c, int argc, char **argv);
int cmd_initiative_import(struct cli *c, int argc, char **argv);
int cmd_award_import(struct cli *c, int argc, char **argv);
int cmd_emu_propose(struct cli *c, int argc, char **argv);
int cmd_emu_vote(struct cli *c, int argc, char **argv);
int cmd_emu_decide(struct cli *c, int argc, char **argv);
int cmd_emu_awards(struct cli *c, int argc, char **argv);
int cmd_emu_launch(struct cli *c, int argc, char **argv);
int cmd_emu_register(struct cli *c, int argc, char **argv);
int cmd_emu_close(struct cli *c, int argc, char **argv);
int cmd_emu_council_set(struct cli *c, int argc, char **argv);
int cmd_emu_member_add(struct cli *c, int argc, char **argv);
int cmd_emu_member_remove(struct cli *c, int argc, char **argv);
int cmd_emu_council_show(struct cli *c, int argc, char **argv);
int cmd_report_emu_minutes(struct cli *c, int argc, char **argv);
int cmd_report_emu_decision(struct cli *c, int argc, char **argv);
int cmd_emu_model_recognise(struct cli *c, int argc, char **argv);
int cmd_emu_model_list(struct cli *c, int argc, char **argv);
#endif
