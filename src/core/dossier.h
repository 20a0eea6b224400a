/*
 * Administrative-procedure dossiers (hồ sơ TTHC): the definitions of
 * shared/formats/dossiers.md in one place, used by the fast path
 * (`dossier analyze`), by the import (`dossier import`, which keeps the
 * same counters in the database) and by the late-dossier list, so all
 * of them compute the same numbers.
 *
 * A dossier's contribution to its unit is a struct dossier_effect: flow
 * counters for the month it was received and the month it was finished,
 * and two month ranges - when it is open at a month's end, and when it is
 * open and overdue then. The ranges are kept as +1/-1 at their ends (a
 * difference array per unit), so nothing about a dossier is kept after
 * its row is read: a month's stock is the sum of the deltas of every
 * month up to it. struct dossier_agg accumulates effects per (unit,
 * month); aggregates add (threads merge), and subtract (a re-imported
 * dossier takes its old version out).
 *
 * Months are local (UTC+07:00) month numbers: year * 12 + month - 1.
 * Contract: docs/internals/dossier.md.
 */
#ifndef PARINDEX_CORE_DOSSIER_H
#define PARINDEX_CORE_DOSSIER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DOSSIER_NO_MONTH INT32_MAX /* "never" / "still open" */

enum dossier_channel { DOSSIER_DIRECT, DOSSIER_ONLINE, DOSSIER_POSTAL };
enum dossier_online { DOSSIER_ONLINE_NONE, DOSSIER_ONLINE_PARTIAL, DOSSIER_ONLINE_FULL };
enum dossier_status {
	DOSSIER_ST_PROCESSING,
	DOSSIER_ST_FINISHED,
	DOSSIER_ST_REJECTED,
	DOSSIER_ST_WITHDRAWN
};

const char *dossier_channel_name(enum dossier_channel c);
const char *dossier_online_name(enum dossier_online k);
const char *dossier_status_name(enum dossier_status s);
/* Exact lower-case words of the format; false otherwise. */
bool dossier_channel_parse(const char *s, size_t n, enum dossier_channel *out);
bool dossier_online_parse(const char *s, size_t n, enum dossier_online *out);
bool dossier_status_parse(const char *s, size_t n, enum dossier_status *out);

/* A procedure (TTHC) of the catalogue. */
struct procedure {
	const char *code, *name;
	int processing_days; /* working days; -1 when not known */
	enum dossier_online online_kind;
};

struct dossier {
	int64_t received_at, due_at; /* instants (Unix seconds) */
	int64_t finished_at;         /* valid when has_finished */
	bool has_finished;
	enum dossier_channel channel;
	enum dossier_online online_kind;
	enum dossier_status status;
	bool paid_online, digitized, result_digitized;
	int rating; /* 0 = none, else 1..5 */
	/* local months of received_at, due_at and finished_at (when
	 * has_finished): readers that parse the text fill them for free,
	 * others call dossier_set_months */
	int32_t received_month, due_month, finished_month;
};

/* Fills the three months from the instants. */
void dossier_set_months(struct dossier *d);

/* The counters, in the order of the `dossier analyze` output; the first
 * DOSSIER_NOUT are its columns, DOSSIER_OPEN is kept for the metrics
 * (dossiers open at the month's end, overdue or not). */
enum dossier_field {
	DOSSIER_RECEIVED,
	DOSSIER_RECEIVED_ONLINE,
	DOSSIER_RECEIVED_FULL_ONLINE,
	DOSSIER_PAID_ONLINE,
	DOSSIER_DIGITIZED,
	DOSSIER_FINISHED,
	DOSSIER_FINISHED_ON_TIME,
	DOSSIER_RESULT_DIGITIZED,
	DOSSIER_RATED,
	DOSSIER_SATISFIED,
	DOSSIER_OVERDUE_OPEN,
	DOSSIER_OPEN,
	DOSSIER_NFIELDS
};
#define DOSSIER_NFLOWS 10 /* RECEIVED .. SATISFIED: events in a month */
#define DOSSIER_NOUT 11   /* the analyze output: flows + OVERDUE_OPEN */

/* "received", "received_online", ... "overdue_open", "open". */
const char *dossier_field_name(enum dossier_field f);

/* Rates derived from the counts (never averaged): numerator / denominator
 * fields of one row or of sums over a period. The first
 * DOSSIER_NRATES_OUT are the `dossier analyze --rates` columns; the
 * overdue rate needs DOSSIER_OPEN, which is not an output column. */
enum dossier_rate {
	DOSSIER_RATE_ON_TIME,          /* finished_on_time / finished */
	DOSSIER_RATE_ONLINE,           /* received_online / received */
	DOSSIER_RATE_FULL_ONLINE,      /* received_full_online / received */
	DOSSIER_RATE_PAID_ONLINE,      /* paid_online / received */
	DOSSIER_RATE_DIGITIZED,        /* digitized / received */
	DOSSIER_RATE_RESULT_DIGITIZED, /* result_digitized / finished */
	DOSSIER_RATE_SATISFIED,        /* satisfied / rated */
	DOSSIER_RATE_OVERDUE,          /* overdue_open / open (stocks) */
	DOSSIER_NRATES
};
#define DOSSIER_NRATES_OUT 7
/* "on_time_rate", "online_rate", ... "overdue_rate". */
const char *dossier_rate_name(enum dossier_rate r);
void dossier_rate_fields(enum dossier_rate r, enum dossier_field *num, enum dossier_field *den);
/* False (no value) when the denominator is 0. */
bool dossier_rate_value(enum dossier_rate r, const int64_t *v, double *out);

/* Local month of an instant; its last instant (23:59:59 local on the
 * last day); "YYYY-MM" (8 bytes with the NUL); parse "YYYY-MM". */
int32_t dossier_month_of(int64_t t);
int64_t dossier_month_end(int32_t month);
void dossier_month_format(int32_t month, char out[8]);
bool dossier_month_parse(const char *s, size_t n, int32_t *out);
int32_t dossier_month_from_ymd(int y, int m);

/* Consistency rules of the format; a bit set per broken rule. */
enum {
	DOSSIER_BAD_FINISHED_MISSING = 1,  /* finished without finished_at */
	DOSSIER_BAD_PROCESSING_CLOSED = 2, /* processing with finished_at */
	DOSSIER_BAD_FINISHED_EARLY = 4,    /* finished_at < received_at */
	DOSSIER_BAD_DUE_EARLY = 8,         /* due_at < received_at */
};
unsigned dossier_check(const struct dossier *d);

/* The plausible dates of a dossier, as local days: received_at and
 * finished_at within [min, max], due_at within [min, due_max]. A date
 * outside is a typo (year 0001, 2062) and makes the row bad: it would
 * otherwise stretch every period of the data. */
struct dossier_range {
	int32_t min, max, due_max;
};
/* The default range: 2000-01-01 to today + years_ahead years, due_at to
 * today + due_years_ahead years (29 February becomes 28 February). */
void dossier_range_make(int32_t min, int32_t today, int years_ahead, int due_years_ahead,
                        struct dossier_range *out);
#define DOSSIER_RANGE_YEARS_AHEAD 2
#define DOSSIER_RANGE_DUE_YEARS_AHEAD 5
enum {
	DOSSIER_OUT_RECEIVED = 1, /* received_at outside [min, max] */
	DOSSIER_OUT_DUE = 2,      /* due_at outside [min, due_max] */
	DOSSIER_OUT_FINISHED = 4, /* finished_at outside [min, max] */
};
/* A bit set per date outside the range. */
unsigned dossier_check_range(const struct dossier *d, const struct dossier_range *r);

/* Open at instant t (the definition, for one dossier). */
bool dossier_open_at(const struct dossier *d, int64_t t);
/* Open at the end of month m and due before it: counted in overdue_open. */
bool dossier_overdue_open_at(const struct dossier *d, int32_t month);
/* Finished (status finished) after due_at. */
bool dossier_finished_late(const struct dossier *d);

struct dossier_effect {
	int32_t received_month;
	uint32_t received_flags; /* bit f set: counts in field f that month */
	int32_t finished_month;  /* DOSSIER_NO_MONTH: not finished */
	uint32_t finished_flags;
	/* open at the end of months [open_from, open_until); overdue as well
	 * in [overdue_from, overdue_until); until = DOSSIER_NO_MONTH: to the
	 * end of the data; from >= until: never */
	int32_t open_from, open_until;
	int32_t overdue_from, overdue_until;
};
/* The effect of a dossier that passed dossier_check (months set). */
void dossier_effect(const struct dossier *d, struct dossier_effect *e);

/* Cell of the stored form: the flows of one (unit, month) and the
 * deltas of the two stocks. */
enum { DOSSIER_CELL_OPEN = DOSSIER_NFLOWS, DOSSIER_CELL_OVERDUE, DOSSIER_NCELL };

struct dossier_agg;
struct dossier_agg *dossier_agg_new(void);
void dossier_agg_free(struct dossier_agg *a);
/* Adds (sign 1) or takes out (sign -1) one dossier of unit u[0..n). */
void dossier_agg_add(struct dossier_agg *a, const char *u, size_t n, const struct dossier_effect *e,
                     int sign);
/* The same in two steps, so a caller can hint the cells it will touch
 * before it adds (an aggregate larger than the CPU caches): the index of
 * unit u[0..n) (created when new), valid until a is freed; a hint that
 * (unit, month) will be added to soon (changes nothing); the addition. */
size_t dossier_agg_unit(struct dossier_agg *a, const char *u, size_t n);
void dossier_agg_prefetch(const struct dossier_agg *a, size_t unit, int32_t month);
void dossier_agg_add_unit(struct dossier_agg *a, size_t unit, const struct dossier_effect *e,
                          int sign);
/* Adds a stored cell (DOSSIER_NCELL values) to (unit, month). */
void dossier_agg_add_cell(struct dossier_agg *a, const char *u, size_t n, int32_t month,
                          const int64_t *cell);
void dossier_agg_merge(struct dossier_agg *into, const struct dossier_agg *from);
/* The latest month in which a dossier was received or finished (status
 * finished), over everything added; DOSSIER_NO_MONTH when none. As for
 * the stored form, months whose received or finished count is positive.
 * first_month: the earliest month received. */
int32_t dossier_agg_last_month(const struct dossier_agg *a);
int32_t dossier_agg_first_month(const struct dossier_agg *a);

struct dossier_cell {
	const char *unit; /* NUL-terminated, owned by the aggregate */
	int32_t month;
	int64_t v[DOSSIER_NCELL];
};
/* Every non-zero cell, sorted by unit (bytes) then month; *out is
 * malloc'd (caller frees), strings owned by a. */
size_t dossier_agg_cells(const struct dossier_agg *a, struct dossier_cell **out);

struct dossier_month_row {
	const char *unit; /* owned by the aggregate */
	int32_t month;
	int64_t v[DOSSIER_NFIELDS];
};
/*
 * The per-(unit, month) table for months up to `last`, sorted by unit
 * (bytes) then month; *out malloc'd (caller frees). With all_months, a
 * unit has a row for every month of [first, last] that lies in a year in
 * which it has data: a dossier received or finished, or dossiers open
 * carried into the year (its counts may be zero; months before `first`
 * are left out, their deltas still count); a year without any has no
 * rows, so the table is proportional to the data, not to the span
 * between its first and last month. Otherwise only rows where one of the
 * DOSSIER_NOUT output fields is non-zero (the analyze rule; `first` is
 * ignored).
 */
size_t dossier_agg_table(const struct dossier_agg *a, int32_t first, int32_t last, bool all_months,
                         struct dossier_month_row **out);
#endif
