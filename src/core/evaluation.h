/*
 * Staff evaluation as pure rules (shared/formats/evaluation.md): the
 * grade of a month's total, the monthly quota of a unit, and the annual
 * classification of a year from its months, all by a rule set that is
 * data (io/evaluation_io.c reads it), never law in code.
 *
 * Why it is built this way: points are kept in hundredths (centi-points,
 * long) and shares in parts per million, so that "exactly 90" is 9000 and
 * a threshold or a quota cap never depends on binary rounding (0.3 x 10
 * is 3, not 2.9999...). Grades are ranked by their position in the rule
 * set (best first); a year whose months were graded by two rule sets (a
 * change of decree) compares them by rank.
 */
#ifndef PARINDEX_CORE_EVALUATION_H
#define PARINDEX_CORE_EVALUATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVAL_MAX_COMP 12
#define EVAL_MAX_GRADES 8
#define EVAL_MAX_ANNUAL 8

/* The annual levels, best first; not_rated last. */
enum eval_level { EVAL_EXCELLENT, EVAL_GOOD, EVAL_COMPLETED, EVAL_NOT_COMPLETED, EVAL_NOT_RATED,
                  EVAL_NLEVEL };
extern const char *const eval_level_names[]; /* by enum eval_level, NULL-terminated */
extern const char *const eval_level_vi[];
/* The level named s, or -1. */
int eval_level_parse(const char *s);

struct eval_component {
	const char *code, *title_vi, *title_en;
	long max; /* centi-points */
};
struct eval_grade {
	const char *code;
	long min; /* centi-points */
};
/* A quota: at most cap(share x base) holders. base: those rated
 * (of_rank < 0) or those with a grade/level of rank of_rank or better. */
struct eval_quota {
	bool present;
	int rank; /* the grade (monthly) or level (annual) it limits */
	long share_ppm, share_outstanding_ppm; /* outstanding: -1 when not given */
	int of_rank;
	bool round_half_up; /* "rounding": "round"; else floor */
};
struct eval_annual_rule {
	enum eval_level level;
	int at_least_rank; /* -1: no at_least */
	long at_least_months;
	int none_below_rank; /* -1: no none_below */
};
struct eval_annual_mean {
	enum eval_level level;
	long min; /* centi-points */
};

struct eval_rules {
	const char *code;
	int32_t valid_from, valid_to; /* days; valid_to DATE_MAX when open */
	struct eval_component comp[EVAL_MAX_COMP];
	size_t ncomp;
	struct eval_grade grades[EVAL_MAX_GRADES]; /* best first, min strictly decreasing */
	size_t ngrades;
	struct eval_quota quota;        /* monthly; rank and of_rank are grade ranks */
	bool tasks_from_items;
	struct eval_annual_rule annual[EVAL_MAX_ANNUAL];
	size_t nannual;
	struct eval_annual_mean mean[EVAL_MAX_ANNUAL]; /* used when nmean > 0 */
	size_t nmean;
	struct eval_quota annual_quota; /* rank and of_rank are enum eval_level */
};

/* The grade rank of a total (the first grade whose min it reaches), or
 * the last grade when it reaches none. */
int eval_grade_of(const struct eval_rules *r, long total);
/* The component index of code, or -1. */
int eval_component_find(const struct eval_rules *r, const char *code);
/* The grade rank of code, or -1. */
int eval_grade_find(const struct eval_rules *r, const char *code);
/* floor(share_ppm x base / 1e6), or half up when round_half_up. */
long eval_quota_cap(long share_ppm, long base, bool round_half_up);

/* The monthly quota of one unit's month: grades[0..n) are the ranks of
 * the rated staff. *cap and *count get the cap and the holders of the
 * quota's grade; true when count <= cap (or no quota). */
bool eval_month_quota(const struct eval_rules *r, bool outstanding, const int *grades, size_t n,
                      long *cap, long *count);

/* What the year of one staff member says (the rule set is the year's). */
struct eval_year_in {
	const char *staff_code;
	long months_rated;
	long grade_count[EVAL_MAX_GRADES]; /* rated months by grade rank */
	long sum_total;                    /* centi-points over rated months */
	long absent_days;
	bool disciplined;
	int32_t discipline_date; /* the first decision in the year */
	const char *discipline_form;
};
struct eval_year_out {
	enum eval_level level;
	char reason_vi[768], reason_en[768];
};
/* Classifies in[0..n) (one unit's staff) by rules 1-5 of the format,
 * into out[0..n). */
void eval_classify_year(const struct eval_rules *r, const struct eval_year_in *in, size_t n,
                        struct eval_year_out *out);
/* "A:10;B:2;C:0;D:0": the counts by grade, in the rule set's order. */
void eval_grade_counts(const struct eval_rules *r, const struct eval_year_in *in, char *buf,
                       size_t size);
/* One work item of a month (Decree 335): its three rates, in whole
 * percent 0..100. */
struct eval_work_item {
	long quantity, quality, progress;
};
#define EVAL_MAX_ITEMS 50
/* The tasks component computed from work items (a rule set with
 * "tasks_from_items"; shared/formats/evaluation.md): max x the mean of
 * the 3n rates quantity %, quality %, progress % over it[0..n), in
 * centi-points rounded half up; -1 when n is 0 (no items, no points). */
long eval_tasks_from_items(long max, const struct eval_work_item *it, size_t n);
/* The deadline of a stage of month (year, month 1..12): day (clamped to
 * 1..28) of the next month (self by the 3rd, the manager by the 5th by
 * default; app/evaluation_deadline.c reads the settings). */
int32_t eval_deadline(int year, int month, long day);
/* Writes centi-points as "89,5" (comma) or "89.5" (dot); no trailing zeros. */
void eval_points_format(long centi, char comma, char *buf, size_t size);
#endif
