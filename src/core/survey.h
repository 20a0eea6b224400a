/*
 * Surveys as pure rules (docs/formats/surveys.md, a public contract): an
 * instrument (questions grouped into elements, indices over elements), the
 * answers of respondents, raking of each unit's respondents to margins,
 * and the statistics: shares of likert5 questions, elements, indices,
 * effective sample sizes and Wilson intervals (survey_stats.c).
 *
 * Why it is built this way: the statistics are compared outside the
 * project with an independent computation to 1e-9, so they are computed
 * here once, over plain arrays (one small integer per respondent and
 * question), with no I/O, at full double precision; nothing is rounded.
 * The same code serves the command line, the pages and the metrics.
 */
#ifndef PARINDEX_CORE_SURVEY_H
#define PARINDEX_CORE_SURVEY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum survey_qtype { SQ_LIKERT5, SQ_CHOICE, SQ_MULTI, SQ_NUMBER, SQ_TEXT, SQ_NTYPES };
extern const char *const survey_qtype_names[]; /* by enum survey_qtype, NULL-terminated */
/* The type named s, or -1. */
int survey_qtype_parse(const char *s);

#define SURVEY_TEXT_MAX 4000  /* bytes of an answer */
#define SURVEY_OPTIONS_MAX 64 /* options of a choice or multi question */

struct survey_question {
	const char *code, *text_vi, *text_en;
	enum survey_qtype type;
	const char **options; /* choice, multi */
	size_t noptions;
	long element; /* index into the instrument's elements, -1: none */
};

struct survey_element {
	const char *code, *title_vi, *title_en;
};

struct survey_index {
	const char *code;
	long *over; /* element indexes */
	size_t nover;
};

struct survey_instrument {
	const char *code, *title;
	struct survey_question *q;
	size_t nq;
	struct survey_element *e;
	size_t ne;
	struct survey_index *ix;
	size_t ni;
	long min_n;
};

/* The index of the question, element or index named code, or -1. */
long survey_question_find(const struct survey_instrument *s, const char *code);
long survey_element_find(const struct survey_instrument *s, const char *code);
long survey_option_find(const struct survey_question *q, const char *value);

/* Checks one answer (s, n bytes, trimmed by the caller; n > 0) against
 * the question's type. On success *cell gets what the statistics keep
 * (likert5: 1..5; choice: option index + 1; others: 1) and *norm (may be
 * NULL) points into buf (size > SURVEY_TEXT_MAX) at the canonical text stored (a
 * multi's options in the instrument's order, ';'-separated). On failure
 * returns false and *why_vi / *why_en say why. */
bool survey_answer_check(const struct survey_question *q, const char *s, size_t n, char *buf,
                         int16_t *cell, const char **norm, const char **why_vi,
                         const char **why_en);

/* ---- statistics (survey_stats.c) ------------------------------------- */

/* The respondents of a campaign: cell[r * nq + q] as survey_answer_check
 * gives it, 0 when r did not answer q; unit[r] their unit's index. */
struct survey_data {
	size_t nresp, nunits;
	const int16_t *cell;
	const size_t *unit;
	/* NULL, or (respondents ordered by unit) unit u's are
	 * [unit_start[u], unit_start[u + 1]): raking then reads only them */
	const size_t *unit_start;
};

/* Margins: for each weighting variable (a choice question), the share of
 * each of its options (options not listed have share 0), in file order. */
struct survey_margin_var {
	long q;
	double *share; /* by option index */
};
struct survey_margins {
	const struct survey_margin_var *v;
	size_t n;
};

#define SURVEY_RAKE_ROUNDS 100
#define SURVEY_RAKE_EPS 1e-10

enum survey_rake_status {
	SURVEY_RAKE_OK,
	SURVEY_RAKE_EMPTY_VALUE,    /* a positive share, no respondent: *var, *value */
	SURVEY_RAKE_NO_CONVERGENCE, /* 100 rounds and still moving */
	SURVEY_RAKE_ZERO,           /* every weight became 0 */
};

/* Rakes the respondents of unit u (w[r] for those r with unit[r] == u,
 * others untouched) to the margins m (NULL or none: every weight 1),
 * then scales them to mean 1 in the unit. *rounds (may be NULL) gets the
 * rounds run. On an error *var and *value name the margin variable and
 * option index. */
enum survey_rake_status survey_rake_unit(const struct survey_instrument *s,
                                         const struct survey_data *data,
                                         const struct survey_margins *m, size_t u, double *w,
                                         int *rounds, size_t *var, size_t *value);

enum survey_measure { SURVEY_QUESTION, SURVEY_ELEMENT, SURVEY_INDEX };
extern const char *const survey_measure_names[];

struct survey_result {
	long unit; /* index into the units, -1: all units ("*") */
	enum survey_measure measure;
	long idx;   /* question, element or index */
	long n;     /* respondents who answered (at least one question of it) */
	double n_eff;
	bool has_value, has_ci;
	double value, ci_low, ci_high;
	bool insufficient; /* the unit has fewer than min_n respondents */
};

/* How many results survey_results writes at most. */
size_t survey_results_max(const struct survey_instrument *s, size_t nunits);
/* Every result of every unit (in unit order) and then of all units
 * together ("*"), each: the likert5 questions in the instrument's order,
 * the elements, the indices. w: the respondents' weights (raked per
 * unit). Returns how many were written to out. */
size_t survey_results(const struct survey_instrument *s, const struct survey_data *data,
                      const double *w, struct survey_result *out);

/* The Wilson score interval around p for n (the effective sample size,
 * > 0) and z. */
void survey_wilson(double p, double n, double z, double *lo, double *hi);
#define SURVEY_Z 1.96
#endif
