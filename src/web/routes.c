/*
 * The route table (see route.h). Order matters only for readability:
 * matching picks the row whose pattern matches, literal segments before
 * {params} at the same position. The last column is the body limit of
 * upload routes (HTTP_MAX_UPLOAD); every other route takes at most
 * HTTP_MAX_FORM_BODY.
 */
#include "web/route.h"
#include "web/http.h"
#include "web/pages.h"

const struct route routes[] = {
	/* sign-in and account */
	{"GET", "/login", CAP_PUBLIC, page_login_form, "sign-in form"},
	{"POST", "/login", CAP_PUBLIC, page_login_post, "sign in (login, password, csrf)"},
	{"POST", "/logout", CAP_LOGIN, page_logout, "sign out"},
	{"GET", "/account", CAP_LOGIN, page_account, "own account: password, language"},
	{"POST", "/account/password", CAP_LOGIN, page_account_password, "change own password"},
	{"POST", "/lang", CAP_PUBLIC, page_lang, "choose the language (vi, en)"},
	/* administration */
	{"GET", "/admin/users", CAP_ADMIN, page_admin_users, "users, roles and API tokens"},
	{"POST", "/admin/users", CAP_ADMIN, page_admin_user_add, "add a user"},
	{"POST", "/admin/users/{login}/disable", CAP_ADMIN, page_admin_user_disable, "disable a user"},
	{"POST", "/admin/grants", CAP_ADMIN, page_admin_grant, "give a user a grant (login, role, unit: empty = city-wide)"},
	{"POST", "/admin/users/{login}/grants/revoke", CAP_ADMIN, page_admin_grant_revoke, "revoke a user's grant (role, unit)"},
	{"POST", "/admin/tokens/{id}/revoke", CAP_ADMIN, page_admin_token_revoke, "revoke an API token"},
	{"POST", "/admin/tokens", CAP_ADMIN, page_admin_token_create, "create an API token for a user (login, label): shown once"},
	{"GET", "/account/tokens", CAP_LOGIN, page_tokens, "my API tokens"},
	{"POST", "/account/tokens", CAP_LOGIN, page_token_create, "create an API token for myself (label): shown once"},
	{"POST", "/account/tokens/{id}/revoke", CAP_LOGIN, page_token_revoke, "revoke one of my API tokens"},
	{"GET", "/admin/audit", CAP_ADMIN, page_admin_audit, "the audit log and its chain check"},
	/* results for people */
	{"GET", "/", CAP_LOGIN, page_dashboard, "dashboard: ranking, grades, movers (readers); own unit and notices (others)"},
	{"GET", "/units", CAP_READ, page_units, "the register: search, kind, state, sort, pages"},
	{"GET", "/units/{code}", CAP_LOGIN, page_unit, "one unit: domains, history, lineage"},
	{"GET", "/frameworks", CAP_READ, page_frameworks, "frameworks"},
	{"GET", "/frameworks/{code}", CAP_READ, page_framework, "criteria tree of a framework"},
	{"GET", "/explain/{framework}/{unit}", CAP_LOGIN, page_explain, "every number of one unit"},
	{"GET", "/charts/ranking/{framework}", CAP_READ, page_chart_ranking, "ranking chart (?format=svg|png|pdf)"},
	/* the yearly assessment cycle (finer rules in app/cycle.c) */
	{"GET", "/notices", CAP_LOGIN, page_notices, "what is waiting for me"},
	{"GET", "/cycles", CAP_READ, page_cycles, "every framework's cycle with its phase"},
	{"GET", "/cycles/{framework}", CAP_READ, page_cycle, "a cycle: phase, deadlines, progress of every unit"},
	{"GET", "/cycles/{framework}/advance", CAP_OFFICE, page_cycle_advance_confirm, "confirm moving on: what is still missing"},
	{"GET", "/cycles/{framework}/publish", CAP_OFFICE, page_cycle_publish_confirm, "confirm a publication: incomplete units"},
	{"POST", "/cycles/{framework}/advance", CAP_OFFICE, page_cycle_advance, "move the cycle to its next phase", .verb = "cycle:advance"},
	{"POST", "/cycles/{framework}/open", CAP_OFFICE, page_cycle_open, "open the cycle (self_until, appraisal_until, reply_until, quorum)", .verb = "cycle:open"},
	{"POST", "/cycles/{framework}/publish", CAP_OFFICE, page_cycle_publish, "publish the approved results (a new version later)", .verb = "cycle:publish"},
	{"POST", "/assessments/{framework}/{unit}/extend", CAP_OFFICE, page_assessment_extend, "extend a unit's self-assessment deadline (until, reason)", .verb = "assessment:extend"},
	{"POST", "/assessments/{framework}/{unit}/appraisers", CAP_OFFICE, page_appraiser_assign, "assign a council member (login)", .verb = "assessment:assign"},
	{"POST", "/assessments/{framework}/{unit}/appraisers/remove", CAP_OFFICE, page_appraiser_unassign, "unassign a council member (login)", .verb = "assessment:unassign"},
	{"GET", "/assessments/{framework}/{unit}", CAP_LOGIN, page_assessment, "a unit's assessment: self, evidence, appraisal, reply"},
	{"POST", "/assessments/{framework}/{unit}/scores", CAP_REPORT, page_assessment_score, "save a self score and explanation", .verb = "assessment:self-assess"},
	{"POST", "/assessments/{framework}/{unit}/evidence", CAP_REPORT, page_assessment_evidence, "upload an evidence file (multipart)", HTTP_MAX_UPLOAD, .verb = "assessment:upload"},
	{"POST", "/assessments/{framework}/{unit}/submit", CAP_REPORT, page_assessment_submit, "submit the self-assessment", .verb = "assessment:submit"},
	{"POST", "/assessments/{framework}/{unit}/evidence/remove", CAP_REPORT, page_assessment_evidence_remove, "remove an evidence file before submission (id)", .verb = "assessment:remove-evidence"},
	{"POST", "/appraisals/{framework}/{unit}/scores", CAP_APPRAISE, page_appraisal_score, "propose appraised points with a reason", .verb = "assessment:appraise"},
	{"POST", "/appraisals/{framework}/{unit}/sections", CAP_APPRAISE, page_appraisal_section, "accept the self points of a section (section, reason)", .verb = "assessment:accept-section"},
	{"POST", "/replies/{framework}/{unit}", CAP_REPORT, page_reply, "reply to an adjusted criterion", .verb = "assessment:reply"},
	{"POST", "/decisions/{framework}/{unit}", CAP_OFFICE, page_decision, "the council's decision on a reply", .verb = "assessment:decide"},
	{"GET", "/evidence/{id}", CAP_LOGIN, page_evidence, "download an evidence file (attachment)"},
	{"GET", "/history/{framework}/{unit}/{criterion}", CAP_LOGIN, page_history, "every change of one criterion's values"},
	/* one-stop dossiers: service quality */
	{"GET", "/dossiers", CAP_READ, page_dossiers, "service quality of every unit in a year (?year=)"},
	{"GET", "/dossiers/import", CAP_OFFICE, page_dossier_import_form, "the dossier import form"},
	{"POST", "/dossiers/import", CAP_OFFICE, page_dossier_import, "import a dossier CSV (multipart)", HTTP_MAX_UPLOAD},
	{"GET", "/dossiers/{unit}", CAP_LOGIN, page_dossier_unit, "one unit's months: counts, rates, trends"},
	{"GET", "/dossiers/{unit}/late", CAP_LOGIN, page_dossier_late, "late dossiers of a month (?month=, ?format=csv)"},
	/* PAR plans and tasks (who sees and reports: app/plan.c) */
	{"GET", "/plans", CAP_LOGIN, page_plans, "the plans one may see, with their completion"},
	{"GET", "/plans/overdue", CAP_LOGIN, page_plan_overdue, "overdue tasks and tasks due within 7 days (?unit=, ?as_of=)"},
	{"GET", "/plans/urging/{unit}", CAP_OFFICE, page_plan_urging, "the urging letter to a unit: its overdue tasks (?as_of=, ?format=pdf|xlsx)"},
	{"GET", "/plans/evidence/{id}", CAP_LOGIN, page_plan_evidence, "download a task report's evidence file (attachment)"},
	{"GET", "/plans/{plan}", CAP_LOGIN, page_plan, "a plan by reform area with progress and the tasks below (?as_of=)"},
	{"GET", "/plans/{plan}/tasks/{task}", CAP_LOGIN, page_plan_task, "a task: its reports, evidence and the report form"},
	{"POST", "/plans/{plan}/tasks/{task}/reports", CAP_REPORT, page_task_report, "report on a task (multipart: status, date, progress, document, note, file)", HTTP_MAX_UPLOAD, .verb = "task:report"},
	{"POST", "/plans/{plan}/tasks/{task}/cancel", CAP_OFFICE, page_task_cancel, "cancel a task (date, note)", .verb = "task:cancel"},
	/* public, no sign-in: published snapshots only */
	{"GET", "/public", CAP_PUBLIC, page_public_index, "published results"},
	{"GET", "/public/results/{framework}", CAP_PUBLIC, page_public_results, "published ranking of a framework"},
	/* JSON API */
	{"GET", "/api/v1/public/results/{framework}", CAP_PUBLIC, api_public_results, "published ranking (JSON)"},
	{"GET", "/api/v1/me", CAP_LOGIN, api_me, "the signed-in user"},
	{"GET", "/api/v1/units", CAP_READ, api_units, "units (?date=)"},
	{"GET", "/api/v1/units/{code}", CAP_LOGIN, api_unit, "one unit with lineage"},
	{"GET", "/api/v1/frameworks", CAP_READ, api_frameworks, "frameworks"},
	{"GET", "/api/v1/frameworks/{code}", CAP_READ, api_framework, "a framework (canonical JSON)"},
	{"GET", "/api/v1/results/{framework}", CAP_READ, api_results, "live ranking (?group=)"},
	{"GET", "/api/v1/explain/{framework}/{unit}", CAP_LOGIN, api_explain, "every number of one unit (JSON)"},
	{"GET", "/api/v1/notices", CAP_LOGIN, api_notices, "what is waiting for me (JSON)"},
	{"GET", "/api/v1/assessments/{framework}/{unit}", CAP_LOGIN, api_assessment, "a unit's assessment tree (JSON)"},
	{"POST", "/api/v1/assessments/{framework}/{unit}/scores", CAP_REPORT, api_assessment_score, "{criterion, self, note}", .verb = "assessment:self-assess"},
	{"POST", "/api/v1/assessments/{framework}/{unit}/evidence", CAP_REPORT, api_assessment_evidence, "multipart: criterion, file, doc_number, doc_date", HTTP_MAX_UPLOAD, .verb = "assessment:upload"},
	{"POST", "/api/v1/assessments/{framework}/{unit}/submit", CAP_REPORT, api_assessment_submit, "submit the self-assessment", .verb = "assessment:submit"},
	{"POST", "/api/v1/appraisals/{framework}/{unit}/scores", CAP_APPRAISE, api_appraisal_score, "{criterion, appraised, reason}", .verb = "assessment:appraise"},
	{"POST", "/api/v1/frameworks/{framework}/publish", CAP_OFFICE, api_publish, "publish a new version", .verb = "cycle:publish"},
	{"GET", "/api/v1/plans", CAP_LOGIN, api_plans, "the plans one may see"},
	{"GET", "/api/v1/plans/{plan}", CAP_LOGIN, api_plan, "a plan: tasks, states, reports, the tasks below (?as_of=)"},
	{"GET", "/api/v1/plans/{plan}/status", CAP_LOGIN, api_plan_status, "task states on a day (?as_of=), the columns of plan status"},
	{"POST", "/api/v1/plans/{plan}/tasks/{task}/reports", CAP_REPORT, api_task_report, "{status, date, progress, document, note}; multipart with file for evidence", HTTP_MAX_UPLOAD, .verb = "task:report"},
	{"POST", "/api/v1/plans/{plan}/tasks/{task}/cancel", CAP_OFFICE, api_task_cancel, "{date, note}: cancel a task (the plan unit's office)", .verb = "task:cancel"},
	/* staff evaluation (formats/evaluation.md; who sees whom: app_may_see_evaluation) */
	{"GET", "/evaluation", CAP_LOGIN, page_evaluation_me, "my evaluations: the year's months and the self-evaluation form (?month=)"},
	{"POST", "/evaluation/self", CAP_EVALUATE, page_evaluation_self, "save my self-evaluation (month, p_<component>..., comment)", .verb = "eval_month:self"},
	{"GET", "/evaluation/unit", CAP_LOGIN, page_evaluation_pick, "to a unit's month (?unit=, ?month=)"},
	{"GET", "/evaluation/units/{unit}/{month}", CAP_LOGIN, page_evaluation_unit_month, "a unit's month: points, grades, the quota gauge, the score forms"},
	{"POST", "/evaluation/units/{unit}/{month}/score", CAP_READ, page_evaluation_score, "the manager scores one person (staff, p_<component>..., comment)", .verb = "eval_month:score"},
	{"POST", "/evaluation/units/{unit}/{month}/approve", CAP_READ, page_evaluation_approve, "the head approves the unit's month (quota checked)", .verb = "eval_month:approve"},
	{"POST", "/evaluation/units/{unit}/{month}/reopen", CAP_OFFICE, page_evaluation_reopen, "the office reopens an approved month (staff, reason)", .verb = "eval_month:reopen"},
	{"GET", "/evaluation/units/{unit}/year/{year}", CAP_READ, page_evaluation_unit_year, "a unit's annual classification with reasons and a chart"},
	/* infrastructure */
	{"GET", "/healthz", CAP_PUBLIC, page_healthz, "liveness: 200 ok"},
	{"GET", "/static/{rest*}", CAP_PUBLIC, page_static, "embedded CSS and assets"},
};

const size_t nroutes = sizeof routes / sizeof routes[0];
