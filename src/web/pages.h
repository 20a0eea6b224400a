/*
 * Every route handler, one page_<feature>.c or api_<feature>.c file per
 * feature. The table that binds them to URLs and capabilities is
 * routes.c.
 */
#ifndef PARINDEX_WEB_PAGES_H
#define PARINDEX_WEB_PAGES_H
#include <stdbool.h>
#include <stddef.h>

struct req;

/* page_auth.c: sign-in, sign-out, account */
void page_login_form(struct req *r);
void page_login_post(struct req *r);
void page_logout(struct req *r);
void page_account(struct req *r);
void page_account_password(struct req *r);
void page_lang(struct req *r);
/* page_admin.c: users, tokens, audit log */
void page_admin_users(struct req *r);
void page_admin_user_add(struct req *r);
void page_admin_user_disable(struct req *r);
void page_admin_grant(struct req *r);
void page_admin_grant_revoke(struct req *r);
void page_admin_token_revoke(struct req *r);
void page_admin_audit(struct req *r);
/* page_static.c: health, embedded assets */
void page_healthz(struct req *r);
void page_static(struct req *r);
/* api_me.c */
void api_me(struct req *r);

/* page_dashboard.c: framework/year and group choice, ranking, charts */
void page_dashboard(struct req *r);
/* page_unit.c: one unit: domains vs group average, history, lineage */
void page_unit(struct req *r);
/* page_unit.c: the register as a list (search, kind, state, sort, pages) */
void page_units(struct req *r);
/* page_framework.c */
void page_frameworks(struct req *r);
void page_framework(struct req *r);
/* page_explain.c */
void page_explain(struct req *r);
/* What the explain page and api_explain show: framework path parameter 0
 * scored (sc) and unit parameter 1 explained in it (*u its index); false
 * after answering 403 (not the viewer's unit), the scoring's error or 404
 * (the framework does not score the unit), as HTML or JSON. */
struct app_scoring;
struct score_explain;
bool page_explain_load(struct req *r, struct app_scoring *sc, size_t *u, struct score_explain *ex);
/* page_public.c: published results, no sign-in */
void page_public_index(struct req *r);
void page_public_results(struct req *r);
/* page_chart.c: charts as PNG/PDF downloads */
void page_chart_ranking(struct req *r);
/* The framework of path parameter 0 (page_framework.c), or NULL after
 * answering the error (HTML or JSON). */
struct framework;
struct framework *page_framework_load(struct req *r);
/* api_results.c, api_units.c, api_frameworks.c */
void api_public_results(struct req *r);
void api_results(struct req *r);
void api_explain(struct req *r);
void api_units(struct req *r);
void api_unit(struct req *r);
void api_frameworks(struct req *r);
void api_framework(struct req *r);
/* page_assessment.c, page_cycle.c, api_assessment.c: the yearly cycle */
void page_assessment(struct req *r);
void page_assessment_score(struct req *r);
void page_assessment_evidence(struct req *r);
void page_assessment_submit(struct req *r);
void page_appraisal_score(struct req *r);
void page_assessment_evidence_remove(struct req *r);
void page_appraisal_section(struct req *r);
void page_reply(struct req *r);
void page_decision(struct req *r);
void page_evidence(struct req *r);
void page_history(struct req *r);
void page_cycle(struct req *r);
void page_cycle_advance(struct req *r);
void page_cycle_advance_confirm(struct req *r);
void page_cycle_publish_confirm(struct req *r);
void page_cycles(struct req *r);
/* page_token.c: API tokens on the web */
void page_tokens(struct req *r);
void page_token_create(struct req *r);
void page_token_revoke(struct req *r);
void page_admin_token_create(struct req *r);
void page_cycle_open(struct req *r);
void page_cycle_publish(struct req *r);
void page_assessment_extend(struct req *r);
void page_appraiser_assign(struct req *r);
void page_appraiser_unassign(struct req *r);
void page_notices(struct req *r);
void api_assessment(struct req *r);
void api_assessment_score(struct req *r);
void api_assessment_evidence(struct req *r);
void api_assessment_submit(struct req *r);
void api_appraisal_score(struct req *r);
void api_publish(struct req *r);
void api_notices(struct req *r);
/* page_dossier.c: service quality from one-stop dossiers */
void page_dossiers(struct req *r);
void page_dossier_unit(struct req *r);
void page_dossier_late(struct req *r);
void page_dossier_import_form(struct req *r);
void page_dossier_import(struct req *r);
/* page_plan.c and api_plan.c: PAR plans and tasks */
void page_plans(struct req *r);
void page_plan(struct req *r);
void page_plan_task(struct req *r);
void page_task_report(struct req *r);
void page_plan_overdue(struct req *r);
void page_plan_evidence(struct req *r);
void page_plan_urging(struct req *r);
void api_plans(struct req *r);
void api_plan(struct req *r);
void api_plan_status(struct req *r);
void api_task_report(struct req *r);
void api_task_cancel(struct req *r);
void page_task_cancel(struct req *r);
/* page_plan_office.c: the office's plan import and overview (issue 13) */
void page_plan_import_form(struct req *r);
void page_plan_import(struct req *r);
void page_plan_overview(struct req *r);
/* page_inspection.c: PAR inspections (who sees what: app/inspection.c) */
void page_inspections(struct req *r);
void page_inspection(struct req *r);
void page_inspection_start(struct req *r);
void page_inspection_check(struct req *r);
void page_inspection_finding(struct req *r);
void page_inspection_recommend(struct req *r);
void page_inspection_conclude(struct req *r);
void page_inspection_close(struct req *r);
void page_inspection_conclusion(struct req *r);
void page_inspection_evidence(struct req *r);
void page_good_practices(struct req *r);
void page_recommendations(struct req *r);
void page_recommendation(struct req *r);
void page_reco_report(struct req *r);
void page_reco_accept(struct req *r);
void page_reco_reject(struct req *r);
struct actor;
/* The inspections of a unit (and below) and its overdue recommendations,
 * for the unit page: only what who may see. */
void page_inspection_unit_section(struct req *r, const struct actor *who, const char *unit);
void api_surveys(struct req *r);
void api_survey_results(struct req *r);
void api_inspections(struct req *r);
void api_inspection(struct req *r);
void api_inspection_start(struct req *r);
void api_inspection_check(struct req *r);
void api_inspection_finding(struct req *r);
void api_inspection_recommend(struct req *r);
void api_inspection_conclude(struct req *r);
void api_inspection_close(struct req *r);
void api_recommendations(struct req *r);
void api_reco_report(struct req *r);
void api_reco_accept(struct req *r);
void api_reco_reject(struct req *r);
/* page_survey.c: surveys */
void page_surveys(struct req *r);
void page_survey_open(struct req *r);
void page_survey(struct req *r);
void page_survey_close(struct req *r);
void page_survey_reopen(struct req *r);
void page_survey_import(struct req *r);
void page_survey_margins(struct req *r);
void page_survey_entry(struct req *r);
void page_survey_enter(struct req *r);
void page_survey_form(struct req *r);
void page_survey_respond(struct req *r);
void page_survey_thanks(struct req *r);
void page_survey_codes(struct req *r);

/* page_rating.c: citizen ratings of dossiers */
void page_rating_form(struct req *r);
void page_rating_post(struct req *r);
void page_rating_thanks(struct req *r);
void page_rating_slips(struct req *r);
void page_rating_slips_create(struct req *r);
/* page_evaluation.c: staff evaluation */
void page_evaluation_me(struct req *r);
void page_evaluation_self(struct req *r);
void page_evaluation_pick(struct req *r);
void page_evaluation_unit_month(struct req *r);
void page_evaluation_score(struct req *r);
void page_evaluation_approve(struct req *r);
void page_evaluation_unit_year(struct req *r);
void page_evaluation_reopen(struct req *r);
/* page_evaluation_person.c, api_evaluation.c: one person's year, the JSON API */
void page_evaluation_person_year(struct req *r);
void api_evaluation_me(struct req *r);
void api_evaluation_unit_month(struct req *r);
void api_evaluation_unit_year(struct req *r);
/* page_emulation.c: the emulation movement, council, votes and awards */
void page_emulation(struct req *r);
void page_emulation_decide(struct req *r);
void page_emulation_proposals(struct req *r);
void page_emulation_vote(struct req *r);
void page_emulation_decision(struct req *r);
void page_emulation_minutes(struct req *r);
void page_emulation_awards(struct req *r);
void api_emulation_proposals(struct req *r);
void api_emulation_awards(struct req *r);
void api_emulation_vote(struct req *r);
void page_public_models(struct req *r);
#endif
