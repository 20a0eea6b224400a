/*
 * Fuzz target: the survey files. The first byte chooses what the rest
 * is: an instrument (JSON, io/survey_io.c), a response file imported into
 * an open campaign of a real in-memory SQLite database (table reader,
 * answer checks, the campaign's rules, the all-or-nothing write, the
 * metrics), or a margins file raking that campaign's units. Invariants
 * checked: a parsed instrument's elements and indices point inside it; a
 * rejected import leaves the responses unchanged; the results stay
 * within [0, 1] with ci_low <= value <= ci_high.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/survey.h"
#include "base/arena.h"
#include "io/survey_io.h"

static const char units[] =
	"code,name,kind,parent\n"
	"HN,Thành phố,city,\n"
	"SO-A,Sở A,department,HN\n"
	"SO-B,Sở B,department,HN\n";
static const char instrument[] =
	"{\"format\": \"parindex-survey/1\", \"code\": \"F\", \"title\": \"fuzz\", \"min_n\": 2,"
	" \"questions\": ["
	"{\"code\": \"q1\", \"element\": \"e1\", \"type\": \"likert5\", \"text\": {\"vi\": \"1\"}},"
	"{\"code\": \"q2\", \"element\": \"e2\", \"type\": \"likert5\", \"text\": {\"vi\": \"2\"}},"
	"{\"code\": \"sex\", \"type\": \"choice\", \"options\": [\"m\", \"f\"], \"text\": {\"vi\": \"s\"}},"
	"{\"code\": \"ch\", \"type\": \"multi\", \"options\": [\"a\", \"b\"], \"text\": {\"vi\": \"c\"}},"
	"{\"code\": \"n\", \"type\": \"number\", \"text\": {\"vi\": \"n\"}},"
	"{\"code\": \"t\", \"type\": \"text\", \"text\": {\"vi\": \"t\"}}],"
	" \"elements\": [{\"code\": \"e1\", \"title\": {\"vi\": \"e1\"}},"
	" {\"code\": \"e2\", \"title\": {\"vi\": \"e2\"}}],"
	" \"indices\": [{\"code\": \"all\", \"over\": [\"e1\", \"e2\"]}]}";
static const char seed[] =
	"respondent_id,unit_code,q1,q2,sex\ns1,SO-A,4,2,m\ns2,SO-A,5,,f\ns3,SO-B,1,3,f\n";

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;
	db_int(db_prepare(db, sql), -1, &n);
	return n;
}

static struct actor admin = {.login = "fuzz", .role = "admin"};

static void setup(struct db *db)
{
	struct app app = {.db = db, .actor = "fuzz", .arena = arena_new()};
	struct diags d;
	diags_init(&d);
	struct import_summary sum;
	bool is_new;
	const char *code;
	struct survey_open_args o = {"F", "C", "2026", NULL, NULL, 0, 0};
	if (app_import_table(&app, "units.csv", units, strlen(units), &d, &sum, app_unit_import) !=
	        PX_OK ||
	    app_survey_instrument_import(&app, &admin, "i.json", instrument, strlen(instrument), &d,
	                                 &is_new, &code) != PX_OK ||
	    app_survey_open(&app, &admin, &o, &d) != PX_OK ||
	    app_survey_import(&app, &admin, "C", "seed.csv", seed, strlen(seed), &d, &sum) != PX_OK)
		abort();
	diags_free(&d);
	arena_free(app.arena);
}

static void check_results(const struct survey_results_view *v)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct survey_result *r = &v->r[i];
		if (r->has_value && !(r->value >= 0 && r->value <= 1))
			abort();
		if (r->has_ci && !(r->ci_low <= r->value + 1e-12 && r->value <= r->ci_high + 1e-12))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct db *db;
	if (!db) {
		char *msg;
		if (db_open(":memory:", &db, &msg) != PX_OK || db_migrate(db) != PX_OK)
			abort();
		setup(db);
	}
	if (!size)
		return 0;
	struct app app = {.db = db, .actor = "fuzz", .arena = arena_new()};
	struct diags d;
	diags_init(&d);
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	switch (data[0] % 3) {
	case 0: {
		struct survey_instrument *s;
		if (survey_instrument_parse("fuzz.json", body, len, app.arena, &d, &s) == PX_OK) {
			for (size_t q = 0; q < s->nq; q++)
				if (s->q[q].element >= (long)s->ne)
					abort();
			for (size_t i = 0; i < s->ni; i++)
				for (size_t k = 0; k < s->ix[i].nover; k++)
					if (s->ix[i].over[k] < 0 || s->ix[i].over[k] >= (long)s->ne)
						abort();
		}
		break;
	}
	case 1: {
		int64_t before = count(db, "SELECT count(*) FROM survey_response");
		struct import_summary sum;
		enum px_err e = app_survey_import(&app, &admin, "C", "fuzz.csv", body, len, &d, &sum);
		if (e != PX_OK && count(db, "SELECT count(*) FROM survey_response") != before)
			abort(); /* all or nothing broken */
		break;
	}
	default: {
		struct survey_results_view v;
		if (app_survey_results(&app, &admin, "C", "margins.csv", body, len, &v, &d) == PX_OK)
			check_results(&v);
		break;
	}
	}
	diags_free(&d);
	arena_free(app.arena);
	return 0;
}
