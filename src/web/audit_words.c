/*
 * Audit entries as words a person reads (the audit log, a criterion's
 * history): actions, objects, fields and states by name in the reader's
 * language, the JSON detail as a sentence and a list. A code not listed
 * shows as it is: a new action or field is added here.
 */
#include "web/audit_words.h"
#include "base/arena.h"
#include "base/str.h"
#include "web/html.h"
#include "web/result_view.h"

#include <jansson.h>
#include <string.h>

struct code_name {
	const char *code, *name; /* name: English msgid */
};

/* Actions, objects, fields and states of audit entries as words; a code
 * not listed shows as it is (a new action is added here). */
static const struct code_name audit_actions[] = {
	{"insert", "Added"}, {"update", "Changed"}, {"delete", "Deleted"},
	{"create", "Record created"}, {"import", "Imported"}, {"publish", "Published"},
	{"demo", "Demo data loaded"}, {"login", "Signed in"}, {"logout", "Signed out"},
	{"disable", "Disabled"}, {"revoke", "Access revoked"}, {"compute", "Computed"},
	{"define", "Defined"}, {"council", "Council decision recorded"},
	{"lang", "Language chosen"}, {"password", "Password changed"},
	{"token", "API token created"},
	{"cycle:open", "Cycle opened"}, {"cycle:advance", "Cycle moved to its next phase"},
	{"cycle:publish", "Results published"},
	{"assessment:self-assess", "Self-score saved"}, {"assessment:upload", "Evidence uploaded"},
	{"assessment:submit", "Self-assessment submitted"},
	{"assessment:extend", "Deadline extended"}, {"assessment:assign", "Appraiser assigned"},
	{"assessment:unassign", "Appraiser unassigned"},
	{"assessment:appraise", "Appraised points proposed"},
	{"assessment:reply", "Reply to an adjustment"}, {"assessment:decide", "Decision on a reply"},
	{"assessment:remove-evidence", "Evidence removed"},
	{"assessment:accept-section", "Self-scores of a section accepted"},
	{"task:report", "Task progress reported"}, {"task:cancel", "Task cancelled"},
	{"grant", "Grant given"},
};
static const struct code_name audit_entities[] = {
	{"assessment_score", "assessment score"}, {"metric", "metric"},
	{"metric_value", "metric value"}, {"staff", "staff member"}, {"unit", "unit"},
	{"user", "user"}, {"session", "session"}, {"setting", "setting"},
	{"framework", "framework"}, {"assessment", "assessment"}, {"dossier", "dossiers"},
	{"cycle", "cycle"}, {"api_token", "API token"}, {"database", "database"},
	{"service_index", "service index"},
};
static const struct code_name audit_fields[] = {
	{"self", "self score"}, {"appraised", "appraised points"}, {"note", "note"},
	{"value", "value"}, {"source", "source"}, {"name", "name"}, {"unit", "unit"},
	{"category", "category"}, {"position", "position"}, {"kind", "kind"},
	{"parent", "parent unit"}, {"valid_from", "valid from"}, {"valid_to", "valid to"},
	{"payroll_quota", "payroll quota"}, {"successors", "successors"}, {"role", "role"},
	{"file", "file"}, {"sha256", "SHA-256 fingerprint"}, {"rows", "rows"},
	{"inserted", "added"}, {"updated", "changed"}, {"unchanged", "unchanged"},
	{"replaced", "replaced"}, {"unit_months", "unit-months"},
	{"metric_values", "metric values"}, {"title", "title"}, {"year", "year"},
	{"criteria", "criteria"}, {"bytes", "bytes"}, {"catalogue", "catalogue"},
	{"version", "version"}, {"units", "units"}, {"ranked", "ranked"},
	{"changed", "changed"}, {"addr", "address"}, {"phase", "phase"},
	{"submitted", "submitted"}, {"criterion", "criterion"}, {"reason", "reason"},
	{"until", "until"}, {"login", "login"}, {"label", "label"}, {"lang", "language"},
	{"self_until", "self-assessment until"}, {"appraisal_until", "appraisal until"},
	{"reply_until", "replies until"}, {"quorum", "quorum"}, {"decision", "decision"},
	{"doc_number", "document number"}, {"doc_date", "document date"},
	{"size", "size"}, {"evidence", "evidence"},
};
static const struct code_name audit_values[] = {
	{"draft", "Draft"}, {"submitted", "Submitted"}, {"self", "Self-assessment"},
	{"appraisal", "Appraisal"}, {"reply", "Replies"}, {"decision", "Council review"},
	{"approved", "Approved"}, {"published", "Published"},
	{"commune", "commune"}, {"ward", "ward"}, {"department", "department"},
	{"district", "district"}, {"province", "province"}, {"city", "city"},
	{"admin", "administrator"}, {"office", "PAR office"}, {"leader", "leader"},
	{"appraiser", "council member"}, {"inspector", "inspector"},
	{"reporter", "unit focal point"}, {"staff", "staff member"},
	{"civil_servant", "civil servant"}, {"public_employee", "public employee"},
	{"added on import", "added on import"},
};

static const char *code_word(struct req *r, const struct code_name *v, size_t n,
                             const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].code, code))
			return _(v[i].name);
	return code;
}
#define WORD(tab, code) code_word(r, tab, sizeof tab / sizeof tab[0], code)

/* A JSON value as text a person reads. */
static const char *audit_value(struct req *r, json_t *v)
{
	if (json_is_string(v))
		return WORD(audit_values, json_string_value(v));
	if (json_is_null(v))
		return "—";
	if (json_is_true(v))
		return _("yes");
	if (json_is_false(v))
		return _("no");
	if (json_is_integer(v))
		return arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_number(v))
		return page_num(r, json_number_value(v), 2);
	if (json_is_array(v)) {
		if (!json_array_size(v))
			return "—";
		struct str s;
		str_init(&s, 0);
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it)
		{
			if (i)
				str_adds(&s, ", ");
			str_adds(&s, audit_value(r, it));
		}
		char *out = arena_strdup(r->arena, str_cstr(&s));
		str_free(&s);
		return out;
	}
	return _("(structured value)");
}

/* The detail of an entry: "Moved from Draft to Submitted", then one
 * "field: value" per other key; the stored text stays available. */
const char *web_audit_detail_html(struct req *r, const char *detail)
{
	json_t *j = json_loads(detail ? detail : "", 0, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		return detail && *detail ? html_arena(r, "%h", detail) : "";
	}
	struct str s;
	str_init(&s, 0);
	json_t *from = json_object_get(j, "from"), *to = json_object_get(j, "to");
	if (json_is_string(from) && json_is_string(to)) {
		if (strcmp(json_string_value(from), json_string_value(to)))
			html_strf(&s, "<p>%h %h %h %h</p>", _("Moved from"), audit_value(r, from),
			          _("to"), audit_value(r, to));
		else
			html_strf(&s, "<p>%h: %h</p>", _("state"), audit_value(r, from));
	}
	const char *k;
	json_t *v;
	bool any = false;
	json_object_foreach(j, k, v)
	{
		if (json_is_string(from) && json_is_string(to) && (!strcmp(k, "from") || !strcmp(k, "to")))
			continue;
		if (!any)
			html_strf(&s, "<ul class=\"detail\">");
		any = true;
		html_strf(&s, "<li>%h: %h</li>", WORD(audit_fields, k), audit_value(r, v));
	}
	if (any)
		html_strf(&s, "</ul>");
	json_decref(j);
	char *out = arena_strdup(r->arena, str_error(&s) ? "" : str_cstr(&s));
	str_free(&s);
	return out;
}

const char *web_audit_action(struct req *r, const char *code)
{
	code = code ? code : "";
	for (size_t i = 0; i < sizeof audit_actions / sizeof audit_actions[0]; i++)
		if (!strcmp(audit_actions[i].code, code))
			return _(audit_actions[i].name);
	/* a transition is audited by its verb alone ("self-assess" for
	 * "assessment:self-assess") */
	size_t n = strlen(code);
	for (size_t i = 0; i < sizeof audit_actions / sizeof audit_actions[0]; i++) {
		const char *colon = strchr(audit_actions[i].code, ':');
		if (n && colon && !strcmp(colon + 1, code))
			return _(audit_actions[i].name);
	}
	return code;
}

const char *web_audit_entity(struct req *r, const char *code)
{
	return WORD(audit_entities, code ? code : "");
}

size_t web_audit_action_count(void)
{
	return sizeof audit_actions / sizeof audit_actions[0];
}

const char *web_audit_action_code(size_t i)
{
	if (i >= web_audit_action_count())
		return NULL;
	/* as stored: a transition by its verb alone */
	const char *colon = strchr(audit_actions[i].code, ':');
	return colon ? colon + 1 : audit_actions[i].code;
}
