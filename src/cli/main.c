/*
 * parindex: entry point and the command table. Like cgit's cmds[] table,
 * every command is one row (words, handler, usage, help); `parindex help`
 * prints the table, and dispatch matches the longest run of words.
 *
 *   parindex [--db URL] [--audit-key FILE] COMMAND [ARGS...]
 *
 * URL is a SQLite file path or postgresql://...; default $PARINDEX_DB,
 * else ./parindex.db. FILE is the audit anchor key of a PostgreSQL
 * database (default $PARINDEX_AUDIT_KEY; a SQLite file's key is always
 * beside it): docs/internals/audit.md.
 */
#include "cli/cli.h"
#include "base/arena.h"
#include "store/repo_audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct command {
	const char *words; /* "unit import" */
	int (*run)(struct cli *c, int argc, char **argv);
	const char *usage;
	const char *help_vi, *help_en;
};

static const struct command commands[] = {
	{"init", cmd_init, "init", "tạo hoặc nâng cấp lược đồ CSDL", "create or migrate the schema"},
	{"demo", cmd_demo, "demo [--force]", "nạp thành phố mẫu", "fill the database with the demo city"},
	{"unit import", cmd_unit_import, "unit import FILE", "nhập danh mục đơn vị (CSV/XLSX)", "import units (CSV/XLSX)"},
	{"unit list", cmd_unit_list, "unit list [--date D] [--kind K] [--format F]", "liệt kê đơn vị", "list units"},
	{"unit tree", cmd_unit_tree, "unit tree [--date D] [--format F]", "cây đơn vị tại một ngày", "the unit hierarchy on a date"},
	{"unit history", cmd_unit_history, "unit history CODE [--format F]", "lịch sử sáp nhập, chia tách, đổi tên", "predecessors and successors"},
	{"unit stats", cmd_unit_stats, "unit stats --from D --to D [--format F]", "số liệu tinh gọn bộ máy", "streamlining figures per kind"},
	{"staff import", cmd_staff_import, "staff import FILE", "nhập danh sách cán bộ (CSV/XLSX)", "import staff (CSV/XLSX)"},
	{"staff list", cmd_staff_list, "staff list [--unit CODE] [--format F]", "liệt kê cán bộ", "list staff"},
	{"framework import", cmd_framework_import, "framework import FILE [--code C --title T --year Y --group G]", "nhập bộ tiêu chí (JSON, CSV, XLSX)", "import a framework (JSON, CSV, XLSX)"},
	{"framework check", cmd_framework_check, "framework check FILE [--code C --title T --year Y --group G]", "kiểm tra bộ tiêu chí, không lưu", "validate a framework file, store nothing"},
	{"framework list", cmd_framework_list, "framework list [--format F]", "liệt kê bộ tiêu chí", "list frameworks"},
	{"framework show", cmd_framework_show, "framework show CODE [--format F]", "cây tiêu chí với điểm tối đa", "the criteria tree with maxima"},
	{"framework export", cmd_framework_export, "framework export CODE", "xuất JSON chuẩn", "write the canonical JSON"},
	{"assessment import", cmd_assessment_import, "assessment import FILE --framework CODE", "nhập điểm tự chấm/thẩm định", "import self/appraised points"},
	{"score", cmd_score, "score --framework CODE [--group KIND] [--view ranking|sensitivity|changes] [--format F]", "tính điểm, xếp hạng, xếp loại", "compute, rank, grade"},
	{"explain", cmd_explain, "explain --framework CODE --unit CODE [--format F]", "giải thích từng con số của một đơn vị", "every number of one unit, with its source"},
	{"publish", cmd_publish, "publish --framework CODE", "chốt và công bố kết quả", "freeze and publish the results"},
	{"results", cmd_results, "results --framework CODE [--version N] [--format F]", "kết quả đã công bố", "published results"},
	{"cycle open", cmd_cycle_open, "cycle open --framework CODE --self-until DATE [--appraisal-until DATE] [--reply-until DATE] [--quorum PCT]", "mở kỳ đánh giá (tự đánh giá bắt đầu ngay)", "open the assessment cycle (self-assessment starts now)"},
	{"cycle extend", cmd_cycle_extend, "cycle extend --framework CODE --unit CODE --until DATE --reason TEXT", "gia hạn tự đánh giá cho một đơn vị", "extend one unit's self-assessment deadline"},
	{"cycle status", cmd_cycle_status, "cycle status --framework CODE [--format F]", "giai đoạn, hạn và tiến độ từng đơn vị", "phase, deadlines and each unit's progress"},
	{"cycle advance", cmd_cycle_advance, "cycle advance --framework CODE [--from PHASE]", "chuyển sang giai đoạn tiếp theo", "move to the next phase (refused while rules are unmet)"},
	{"appraiser assign", cmd_appraiser_assign, "appraiser assign --framework CODE --login LOGIN --unit CODE", "phân công thành viên hội đồng thẩm định", "assign a council member to a unit"},
	{"appraiser unassign", cmd_appraiser_unassign, "appraiser unassign --framework CODE --login LOGIN --unit CODE", "bỏ phân công thành viên hội đồng", "unassign a council member from a unit"},
	{"metric import", cmd_metric_import, "metric import FILE", "nhập giá trị chỉ số (CSV/XLSX)", "import metric values (CSV/XLSX)"},
	{"metric define", cmd_metric_define, "metric define FILE", "nhập danh mục chỉ số", "import metric catalogue entries"},
	{"metric list", cmd_metric_list, "metric list [--format F]", "danh mục chỉ số", "the metric catalogue"},
	{"metric refresh", cmd_metric_refresh, "metric refresh", "tính lại các chỉ số phụ thuộc ngày hôm nay (plan.*, task.*)", "recompute the metrics that move with today (plan.*, task.*)"},
	{"metric values", cmd_metric_values, "metric values [--unit U] [--metric M] [--period P] [--format F]", "giá trị chỉ số", "metric values"},
	{"papi import", cmd_papi_import, "papi import FILE", "nhập điểm PAPI cấp tỉnh đã công bố (CSV/XLSX: province,year,dimension,score)", "import published provincial PAPI scores (CSV/XLSX: province,year,dimension,score)"},
	{"dossier analyze", cmd_dossier_analyze, "dossier analyze FILE [--format csv|json|table] [--threads N] [--rates] [--procedures FILE | --db-catalogue] [--calendar FILE]", "thống kê tệp hồ sơ TTHC theo đơn vị và tháng (không cần CSDL)", "count a dossier file per unit and month (no database)"},
	{"dossier import", cmd_dossier_import, "dossier import FILE [--threads N] [--calendar FILE]", "nhập hồ sơ TTHC và tính lại chỉ số tháng", "import dossiers and recompute the monthly metrics"},
	{"dossier late", cmd_dossier_late, "dossier late --unit CODE --month YYYY-MM [--calendar FILE] [--format F]", "hồ sơ trễ hạn cần thư xin lỗi", "late dossiers needing an apology letter"},
	{"procedure import", cmd_procedure_import, "procedure import FILE", "nhập danh mục thủ tục hành chính", "import the procedure catalogue"},
	{"procedure list", cmd_procedure_list, "procedure list [--format F]", "danh mục thủ tục hành chính", "the procedure catalogue"},
	{"calendar", cmd_calendar, "calendar --year Y [--calendar FILE] [--format F]", "ngày nghỉ lễ, nghỉ bù, làm bù trong năm", "holidays, compensatory and worked days of a year"},
	{"service-index", cmd_service_index, "service-index (--year Y | --period P) [--rules FILE] [--format F]", "chỉ số chất lượng phục vụ (QĐ 766) từ số liệu hồ sơ", "Decision 766 service index from dossier metrics"},
	{"report ranking", cmd_report_ranking, "report ranking --framework CODE [--group KIND] [--version N] [--lang vi|en] --out FILE.xlsx|FILE.pdf", "bảng xếp hạng (Excel, hoặc PDF quyết định công bố kèm bảng)", "the ranking (XLSX, or the PDF decision with its table)"},
	{"report unit", cmd_report_unit, "report unit --framework CODE --unit CODE [--lang vi|en] --out FILE.xlsx|FILE.pdf", "phiếu điểm của một đơn vị", "a unit's scorecard"},
	{"report streamlining", cmd_report_streamlining, "report streamlining --from D --to D [--lang vi|en] --out FILE.xlsx|FILE.pdf", "số liệu tinh gọn bộ máy, đơn vị sáp nhập, giải thể", "streamlining figures, merged and dissolved units"},
	{"report dossiers", cmd_report_dossiers, "report dossiers --year Y [--unit CODE] [--lang vi|en] --out FILE.xlsx|FILE.pdf", "chất lượng phục vụ (QĐ 766) theo đơn vị", "Decision 766 service quality per unit"},
	{"report late", cmd_report_late, "report late --unit CODE --month YYYY-MM [--lang vi|en] --out FILE.xlsx|FILE.pdf", "hồ sơ trễ hạn của một tháng (cần thư xin lỗi)", "a month's late dossiers (apology letters)"},
	{"report urging", cmd_report_urging, "report urging --unit CODE [--as-of D] [--lang vi|en] --out FILE.xlsx|FILE.pdf", "công văn đôn đốc nhiệm vụ CCHC quá hạn của một đơn vị", "the urging letter: a unit's overdue plan tasks"},
	{"report cycle", cmd_report_cycle, "report cycle --framework CODE [--lang vi|en] --out FILE.xlsx|FILE.pdf", "tiến độ kỳ đánh giá: đã nộp, trễ hạn, thẩm định", "cycle progress: submitted, late, appraisal"},
	{"plan import", cmd_plan_import, "plan import FILE [--force]", "nhập kế hoạch CCHC (CSV/XLSX)", "import PAR plans (CSV/XLSX)"},
	{"plan list", cmd_plan_list, "plan list [--format F]", "liệt kê kế hoạch", "list plans"},
	{"plan show", cmd_plan_show, "plan show CODE [--format F]", "các nhiệm vụ của một kế hoạch", "the tasks of a plan"},
	{"plan status", cmd_plan_status, "plan status --plan CODE [--as-of D] [--format F]", "trạng thái nhiệm vụ tại một ngày", "task states on a day"},
	{"plan rollup", cmd_plan_rollup, "plan rollup --plan CODE [--as-of D] [--format F]", "tiến độ nhiệm vụ cấp dưới thực hiện từng nhiệm vụ", "progress of the tasks below that implement each task"},
	{"plan overdue", cmd_plan_overdue, "plan overdue [--unit CODE] [--as-of D] [--format F]", "nhiệm vụ quá hạn, sắp đến hạn (đôn đốc)", "overdue tasks and tasks due within 7 days (urging)"},
	{"task report", cmd_task_report, "task report --plan CODE --task CODE --status S --date D [--progress PCT] [--document TEXT] [--note TEXT] [--file FILE]", "báo cáo kết quả thực hiện nhiệm vụ", "report on a task"},
	{"inspection import", cmd_inspection_import, "inspection import FILE [--as LOGIN]", "nhập kế hoạch kiểm tra CCHC (CSV/XLSX)", "import the PAR inspection plan (CSV/XLSX)"},
	{"inspection list", cmd_inspection_list, "inspection list [--year Y] [--unit U] [--as LOGIN] [--format F]", "liệt kê đợt kiểm tra", "list inspections"},
	{"inspection show", cmd_inspection_show, "inspection show CODE [--as LOGIN] [--format F]", "một đợt kiểm tra: danh mục, phát hiện, kiến nghị", "one inspection: checklist, findings, recommendations"},
	{"inspection start", cmd_inspection_start, "inspection start CODE [--as LOGIN]", "bắt đầu kiểm tra (ghi giờ đến)", "start an inspection (arrival time)"},
	{"inspection check", cmd_inspection_check, "inspection check CODE --item I --result compliant|non_compliant|not_applicable [--note T] [--photo FILE] [--as LOGIN]", "ghi kết quả một mục kiểm tra", "record a checklist item"},
	{"inspection finding", cmd_inspection_finding, "inspection finding CODE --kind K --area A --text T [--criterion C] [--as LOGIN]", "ghi phát hiện", "record a finding"},
	{"inspection recommend", cmd_inspection_recommend, "inspection recommend CODE --finding N --text T --due D [--unit U] [--as LOGIN]", "ghi kiến nghị", "make a recommendation"},
	{"inspection conclude", cmd_inspection_conclude, "inspection conclude CODE --number N --date D [--summary T] [--as LOGIN]", "ban hành kết luận kiểm tra", "conclude an inspection"},
	{"inspection close", cmd_inspection_close, "inspection close CODE [--as LOGIN]", "đóng đợt kiểm tra (mọi kiến nghị đã xác nhận)", "close an inspection (every recommendation accepted)"},
	{"recommendation report", cmd_reco_report, "recommendation report ID --date D --note T [--file FILE] [--as LOGIN]", "báo cáo kết quả khắc phục kiến nghị", "report the remediation of a recommendation"},
	{"recommendation verify", cmd_reco_verify, "recommendation verify ID --accept|--reject [--reason T] [--as LOGIN]", "xác nhận hoặc trả lại kết quả khắc phục", "accept or reject a remediation"},
	{"recommendation list", cmd_reco_list, "recommendation list [--unit U] [--state open|overdue|done|accepted] [--as-of D] [--as LOGIN] [--format F]", "theo dõi kiến nghị sau kiểm tra", "follow-up list of recommendations"},
	{"report inspection", cmd_report_inspection, "report inspection CODE [--lang vi|en] --out FILE.pdf|FILE.xlsx", "kết luận kiểm tra CCHC (thể thức Nghị định 30)", "an inspection's conclusion (Decree 30 layout)"},
	{"report emulation-minutes", cmd_report_emu_minutes, "report emulation-minutes --unit U --year Y [--lang vi|en] --out FILE.pdf|FILE.xlsx", "biên bản họp hội đồng thi đua (thể thức Nghị định 30)", "the emulation council's minutes (Decree 30 layout)"},
	{"report emulation-decision", cmd_report_emu_decision, "report emulation-decision --number N [--lang vi|en] --out FILE.pdf|FILE.xlsx", "quyết định khen thưởng và phụ lục (thể thức Nghị định 30)", "the award decision and its annex (Decree 30 layout)"},
	{"ui", cmd_ui, "ui [--port N] [--no-browser]", "mở giao diện web (tạo CSDL mẫu nếu chưa có)", "serve the web UI on 127.0.0.1 (demo database if none)"},
	{"serve", cmd_serve, "serve [--listen HOST:PORT] [--threads N] [--trusted-proxy ADDR]", "chạy máy chủ web", "run the web server"},
	{"routes", cmd_routes, "routes [--format F]", "các đường dẫn HTTP và quyền cần có", "every HTTP route and the capability it needs"},
	{"user add", cmd_user_add, "user add LOGIN --role R [--unit CODE] [--name N]", "thêm người dùng (mật khẩu từ stdin)", "add a user (password on stdin)"},
	{"user list", cmd_user_list, "user list [--format F]", "liệt kê người dùng", "list users"},
	{"user grant", cmd_user_grant, "user grant LOGIN --role R [--unit CODE]", "cấp thêm quyền: một vai trò trên một đơn vị và các đơn vị trực thuộc", "grant a role over a unit's subtree (no unit: city-wide)"},
	{"user revoke", cmd_user_revoke, "user revoke LOGIN --role R [--unit CODE]", "thu hồi một quyền (giữ lịch sử)", "revoke a grant (kept in the history)"},
	{"setting list", cmd_setting_list, "setting list [--format table|csv|json]", "các thiết lập, giá trị và mặc định", "the settings, their values and defaults"},
	{"setting set", cmd_setting_set, "setting set NAME VALUE", "đặt một thiết lập (có kiểm tra, ghi nhật ký)", "set a setting (checked, audited)"},
	{"setting reset", cmd_setting_reset, "setting reset NAME", "đưa một thiết lập về mặc định", "put a setting back to its default"},
	{"user grants", cmd_user_grants, "user grants [LOGIN] [--all] [--format F]", "các quyền đang có (--all: cả quyền đã thu hồi)", "grants held (--all: revoked ones too)"},
	{"token create", cmd_token_create, "token create LOGIN [--label L]", "tạo mã API (chỉ hiện một lần)", "create an API bearer token (shown once)"},
	{"token revoke", cmd_token_revoke, "token revoke ID", "thu hồi mã API", "revoke an API token"},
	{"audit verify", cmd_audit_verify, "audit verify [--head SEQ:HASH]", "kiểm tra chuỗi băm nhật ký và đầu neo", "check the audit hash chain and its anchored head"},
	{"audit head", cmd_audit_head, "audit head [--format F]", "in đầu nhật ký để lưu giữ hoặc công bố", "print the audit head to keep or publish"},
	{"survey instrument import", cmd_survey_instrument_import, "survey instrument import FILE.json", "nhập bảng hỏi khảo sát (JSON)", "import a survey instrument (JSON)"},
	{"survey instrument list", cmd_survey_instrument_list, "survey instrument list [--format F]", "liệt kê bảng hỏi", "list survey instruments"},
	{"survey open", cmd_survey_open, "survey open --instrument CODE --campaign CODE --period P [--units FILE | --group KIND] [--codes N]", "mở đợt khảo sát", "open a survey campaign"},
	{"survey close", cmd_survey_close, "survey close --campaign CODE", "đóng đợt khảo sát", "close a survey campaign"},
	{"survey reopen", cmd_survey_reopen, "survey reopen --campaign CODE", "mở lại đợt khảo sát đã đóng", "reopen a closed survey campaign"},
	{"survey list", cmd_survey_list, "survey list [--format F]", "liệt kê đợt khảo sát", "list survey campaigns"},
	{"survey import", cmd_survey_import, "survey import FILE --campaign CODE", "nhập phiếu trả lời (CSV/XLSX từ KoboToolbox, ODK, LimeSurvey)", "import responses (CSV/XLSX from KoboToolbox, ODK, LimeSurvey)"},
	{"survey results", cmd_survey_results, "survey results --campaign CODE [--margins FILE] [--format F]", "kết quả khảo sát có gia quyền và khoảng tin cậy", "weighted survey results with confidence intervals"},
	{"survey progress", cmd_survey_progress, "survey progress --campaign CODE [--format F]", "số phiếu từng đơn vị so với chỉ tiêu", "responses per unit against the quota"},
	{"survey codes", cmd_survey_codes, "survey codes --campaign CODE [--unit CODE] [--format F]", "mã phiếu dùng một lần", "the one-time codes"},
	{"survey report", cmd_survey_report, "survey report --campaign CODE [--lang vi|en] --out FILE.xlsx|FILE.pdf", "kết quả và tiến độ khảo sát (Excel, PDF)", "survey results and progress (XLSX, PDF)"},
	{"dossier rating-tokens", cmd_dossier_rating_tokens, "dossier rating-tokens (--unit CODE --month YYYY-MM | --dossier CODE) [--base-url URL] [--format F]", "mã đánh giá (QR trên phiếu hẹn) của hồ sơ đã giải quyết", "rating tokens (receipt QR codes) of finished dossiers"},
	{"rating list", cmd_rating_list, "rating list [--unit CODE] [--month YYYY-MM] [--format F]", "đánh giá của người dân về hồ sơ", "citizens' ratings of dossiers"},
	{"rating put", cmd_rating_put, "rating put --token T --rating 1..5 [--comment TEXT]", "nhập một đánh giá từ phiếu giấy", "enter a rating from a paper slip"},
	{"backup", cmd_backup, "backup FILE", "sao lưu trực tuyến nhất quán", "consistent online backup"},
	{"restore", cmd_restore, "restore FILE [--force]", "khôi phục từ bản sao lưu (kiểm tra trước; --force để thay CSDL đang có dữ liệu)", "restore from a backup (checked first; --force to replace a database that holds data)"},
	/* issue 13, rest: the daily refresh's runs, the plans overview */
	{"metric runs", cmd_metric_runs, "metric runs [--format F]", "các lần máy chủ tính lại chỉ số hằng ngày (00:05)", "the server's daily refreshes (00:05)"},
	{"report plans", cmd_report_plans, "report plans --year Y [--lang vi|en] --out FILE.xlsx|FILE.pdf", "tổng hợp thực hiện kế hoạch CCHC của các đơn vị trong năm", "every unit's PAR plan of a year: tasks, done, overdue, completion"},
	{"report plan", cmd_report_plan, "report plan CODE [--as-of D] [--lang vi|en] --out FILE.xlsx|FILE.pdf", "một kế hoạch CCHC: các nhiệm vụ và trạng thái", "one PAR plan: its tasks and their states"},
	{"evaluation rules import", cmd_eval_rules_import, "evaluation rules import FILE.json", "nhập bộ quy tắc đánh giá cán bộ (JSON)", "import an evaluation rule set (JSON)"},
	{"evaluation import", cmd_eval_import, "evaluation import FILE --rules CODE", "nhập điểm đánh giá tháng đã duyệt (CSV/XLSX)", "import approved monthly points (CSV/XLSX)"},
	{"evaluation month", cmd_eval_month, "evaluation month --unit U --month YYYY-MM [--format F] [--out FILE.xlsx|FILE.pdf]", "kết quả đánh giá tháng của một đơn vị", "a unit's monthly evaluation"},
	{"evaluation year", cmd_eval_year, "evaluation year --unit U --year Y [--format F] [--out FILE.xlsx|FILE.pdf]", "xếp loại năm của một đơn vị, có lý do", "a unit's annual classification with reasons"},
	{"evaluation outstanding", cmd_eval_outstanding, "evaluation outstanding --unit U --month YYYY-MM --reason R [--off]", "đánh dấu đơn vị xuất sắc trong tháng (tỷ lệ loại A cao hơn)", "mark a unit outstanding for a month (the higher quota)"},
	{"evaluation confirm", cmd_eval_confirm, "evaluation confirm --unit U --year Y", "văn phòng xác nhận xếp loại năm của đơn vị", "the office confirms a unit's annual classification"},
	{"discipline import", cmd_discipline_import, "discipline import FILE", "nhập quyết định kỷ luật (CSV/XLSX)", "import discipline decisions (CSV/XLSX)"},
	{"evaluation self", cmd_eval_self, "evaluation self --staff S --month YYYY-MM --points C=P,... [--items 'TITLE=Q/Q/P;...'] [--comment T]", "cán bộ tự đánh giá tháng", "a staff member's self-evaluation"},
	{"evaluation score", cmd_eval_score, "evaluation score --staff S --month YYYY-MM --points C=P,... [--items 'TITLE=Q/Q/P;...'] [--comment T]", "lãnh đạo trực tiếp chấm điểm", "the direct manager's score"},
	{"evaluation approve", cmd_eval_approve, "evaluation approve --unit U --month YYYY-MM", "thủ trưởng duyệt tháng của đơn vị (kiểm tra tỷ lệ)", "the head approves the unit's month (quota checked)"},
	{"evaluation reopen", cmd_eval_reopen, "evaluation reopen --staff S --month YYYY-MM --reason R", "văn phòng mở lại tháng đã duyệt", "the office reopens an approved month"},
	{"absence import", cmd_absence_import, "absence import FILE", "nhập thời gian nghỉ (CSV/XLSX)", "import absences (CSV/XLSX)"},
	{"emulation rules import", cmd_emu_rules_import, "emulation rules import FILE.json", "nhập bộ quy tắc thi đua, khen thưởng (JSON)", "import an emulation rule set (JSON)"},
	{"initiative import", cmd_initiative_import, "initiative import FILE", "nhập sáng kiến được công nhận (CSV/XLSX)", "import recognised initiatives (CSV/XLSX)"},
	{"award import", cmd_award_import, "award import FILE", "nhập khen thưởng các năm trước (CSV/XLSX)", "import past awards (CSV/XLSX)"},
	{"emulation propose", cmd_emu_propose, "emulation propose --year Y --unit U [--format F]", "đề xuất danh hiệu thi đua: mọi ứng viên x mọi danh hiệu, có lý do", "title proposals: every candidate x every title, with reasons"},
	{"emulation vote", cmd_emu_vote, "emulation vote --year Y --title T --candidate C --yes N [--members M] [--present P] [--written W]", "kết quả bỏ phiếu kín của hội đồng thi đua", "the council's secret-ballot result"},
	{"emulation decide", cmd_emu_decide, "emulation decide --year Y --unit U --number N --date D", "quyết định khen thưởng và tiền thưởng", "the award decision with cash"},
	{"emulation awards", cmd_emu_awards, "emulation awards --year Y [--unit U] [--format F]", "danh sách khen thưởng đã quyết định", "the decided awards"},
	{"emulation movement launch", cmd_emu_launch, "emulation movement launch --unit U --year Y --title T --deadline D [--targets TEXT]", "phát động phong trào thi đua của năm", "launch the year's emulation movement"},
	{"emulation register", cmd_emu_register, "emulation register --unit U --year Y --candidate C [--commitment TEXT]", "tập thể, cá nhân đăng ký thi đua", "a collective or person registers"},
	{"emulation movement close", cmd_emu_close, "emulation movement close --unit U --year Y", "đóng đăng ký thi đua", "close the registration"},
	{"emulation council set", cmd_emu_council_set, "emulation council set --unit U --year Y --quorum Q", "lập hội đồng thi đua của năm và túc số (tỷ lệ thành viên tham gia)", "set up the year's emulation council and its quorum (share of members taking part)"},
	{"emulation council add", cmd_emu_member_add, "emulation council add --unit U --year Y --login L [--position P]", "thêm thành viên hội đồng thi đua", "add a member to the emulation council"},
	{"emulation council remove", cmd_emu_member_remove, "emulation council remove --unit U --year Y --login L", "bớt thành viên hội đồng thi đua", "remove a member from the emulation council"},
	{"emulation council show", cmd_emu_council_show, "emulation council show --unit U --year Y [--format F]", "thành viên và túc số của hội đồng thi đua", "the emulation council's members and quorum"},
	{"emulation model recognise", cmd_emu_model_recognise, "emulation model recognise --code C --unit U --level L --decision D [--title T] [--description TEXT] [--from-finding ID]", "công nhận mô hình (có thể từ cách làm hay của đợt kiểm tra)", "recognise a model (possibly an inspection's good practice)"},
	{"emulation model list", cmd_emu_model_list, "emulation model list [--format F]", "các mô hình đã được công nhận", "the recognised models"},
};

/* The commands that act for a user (cli_actor) and so take --as LOGIN;
 * any other command refuses it rather than act as the administrator. */
static const char *const as_commands[] = {
	"dossier rating-tokens", "rating list", /* citizen ratings (cmd_rating.c) */
	"emulation propose", "emulation vote", "emulation decide", "emulation awards", "emulation council set", "emulation council add", "emulation council remove", "emulation council show", "report emulation-minutes", "report emulation-decision", "emulation model recognise",
	"explain", /* the inspections it names are those LOGIN may see */
	"framework import", "cycle open", "cycle extend", "cycle advance", "appraiser assign",
	"appraiser unassign", "publish", "plan list", "plan show", "plan status", "plan rollup",
	"plan overdue", "task report", "report urging", NULL};

static bool takes_as(const char *words)
{
	for (size_t i = 0; as_commands[i]; i++)
		if (!strcmp(as_commands[i], words))
			return true;
	return false;
}

static void help(FILE *out)
{
	fprintf(out, "parindex — quản lý cải cách hành chính | public administration reform\n\n"
	             "usage: parindex [--db URL] [--audit-key FILE] [--as LOGIN] COMMAND [ARGS...]\n"
	             "  URL: tệp SQLite hoặc postgresql://...; mặc định $PARINDEX_DB, rồi ./parindex.db\n"
	             "  FILE: khóa neo nhật ký của CSDL PostgreSQL | audit anchor key of a PostgreSQL\n"
	             "        database; mặc định | default $PARINDEX_AUDIT_KEY\n"
	             "  --as LOGIN: làm với quyền của người dùng này | act with this user's grants\n"
	             "        (framework import, cycle, appraiser, publish, plan, task report, report urging)\n"
	             "  --format table|csv|json cho các lệnh liệt kê | for listing commands\n\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-48s %s | %s\n", commands[i].usage, commands[i].help_vi,
		        commands[i].help_en);
}

/* Number of words of cmd matched by argv, or 0. */
static int match(const char *words, int argc, char **argv)
{
	int n = 0;
	const char *p = words;
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		if (n >= argc || strlen(argv[n]) != len || strncmp(argv[n], p, len))
			return 0;
		n++;
		p += len + (sp ? 1 : 0);
	}
	return n;
}

int main(int argc, char **argv)
{
	struct cli c = {0};
	c.db_url = getenv("PARINDEX_DB");
	if (!c.db_url || !*c.db_url)
		c.db_url = "parindex.db";
	c.tty = isatty(2);
	const char *audit_key = getenv("PARINDEX_AUDIT_KEY");
	int i = 1;
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			c.db_url = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--db=", 5)) {
			c.db_url = argv[i] + 5;
			i++;
		} else if (!strcmp(argv[i], "--audit-key") && i + 1 < argc) {
			audit_key = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--audit-key=", 12)) {
			audit_key = argv[i] + 12;
			i++;
		} else if (!strcmp(argv[i], "--as") && i + 1 < argc) {
			c.as = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--as=", 5)) {
			c.as = argv[i] + 5;
			i++;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			help(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			printf("parindex 0.1\n");
			return 0;
		} else {
			fprintf(stderr, "parindex: tùy chọn không rõ %s | unknown option %s\n",
			        argv[i], argv[i]);
			help(stderr);
			return 2;
		}
	}
	if (i >= argc || !strcmp(argv[i], "help")) {
		help(i >= argc ? stderr : stdout);
		return i >= argc ? 2 : 0;
	}
	audit_anchor_set_key_file(audit_key);
	const struct command *best = NULL;
	int best_n = 0;
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++) {
		int n = match(commands[k].words, argc - i, argv + i);
		if (n > best_n) {
			best = &commands[k];
			best_n = n;
		}
	}
	if (!best) {
		fprintf(stderr, "parindex: lệnh không rõ \"%s\" | unknown command \"%s\"\n\n",
		        argv[i], argv[i]);
		help(stderr);
		return 2;
	}
	if (c.as && !takes_as(best->words)) {
		fprintf(stderr, "parindex: lệnh \"%s\" không nhận --as (chỉ các lệnh làm thay một người "
		                "dùng) | \"%s\" does not take --as (only commands that act for a user)\n",
		        best->words, best->words);
		return 2;
	}
	c.app.arena = arena_new();
	const char *user = getenv("USER");
	c.app.actor = arena_printf(c.app.arena, "cli:%s", user && *user ? user : "unknown");
	if (c.as)
		c.app.actor = arena_printf(c.app.arena, "%s as %s", c.app.actor, c.as);
	c.usage = best->usage;
	int rc = best->run(&c, argc - i - best_n, argv + i + best_n);
	db_close(c.app.db);
	arena_free(c.app.arena);
	return rc;
}
