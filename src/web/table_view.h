/*
 * One way to show a list longer than a screen: search, filters, sort by
 * any column and pagination, all on the server and all in the query
 * string (?q=&kind=&grade=&state=&sort=&dir=&page=), so every view is a
 * link that can be bookmarked and works without JavaScript.
 *
 * A page describes its columns and filters, builds one struct tv_row per
 * item (each cell already rendered as HTML, plus the text or number it
 * sorts by), then:
 *
 *     struct table_view tv = {.base = "/dossiers", .cols = cols, ...};
 *     if (!tv_parse(r, &tv)) { page_error(r, 400, tv.error); return; }
 *     ... rows ...
 *     if (!tv_apply(r, &tv, rows, n)) { page_error(r, 400, tv.error); return; }
 *     html_page_begin(...); tv_render(r, &tv); html_page_end(r);
 *
 * Parameters are validated, never guessed: an unknown sort column, a
 * direction other than asc/desc, a page that is not a number or beyond
 * the last one, a filter value the list does not have: tv.error says
 * which (an English msgid; the page answers 400 with it translated).
 * Text sorts in Vietnamese collation (base/utf8.h: "Đ" after "D"), numbers
 * numerically with missing values (NaN) last in both directions; ties
 * keep the page's own order (a stable sort), which is the default order
 * when no ?sort= is given. Search is case-insensitive over tv_row.search.
 * Everything is allocated in the request's arena.
 */
#ifndef PARINDEX_WEB_TABLE_VIEW_H
#define PARINDEX_WEB_TABLE_VIEW_H
#include <stdbool.h>
#include <stddef.h>

#include "web/http.h"

#define TV_MAX_FILTERS 3
#define TV_MAX_KEEP 4
#define TV_PER_PAGE 20

enum tv_type { TV_TEXT, TV_NUM };

struct tv_col {
	const char *key;   /* ?sort=KEY ([a-z0-9_]); NULL: not sortable */
	const char *title; /* header text (translated by the page) */
	const char *hint;  /* optional title= of the header (a domain's name) */
	enum tv_type type; /* TV_NUM: right-aligned, sorted as numbers */
};

/* A filter by one attribute of the rows: ?param=value, value one of
 * values[] (labels[] the translated names shown in the select). */
struct tv_filter {
	const char *param; /* "kind", "grade", "state" */
	const char *label; /* the select's label */
	const char *const *values;
	const char *const *labels;
	size_t n;
};

struct tv_row {
	const char **html; /* ncol cells, each already escaped HTML */
	const char **text; /* sort text of TV_TEXT cells (NULL: sorts first) */
	double *num;       /* sort number of TV_NUM cells (NaN: missing) */
	const char *search;                  /* what ?q= searches */
	const char *attr[TV_MAX_FILTERS];    /* the row's value for each filter */
	const void *item;  /* the page's item, for table_view.fill */
};

struct table_view {
	/* set by the page */
	const char *base;   /* the page's path, e.g. "/dossiers" */
	const char *keep[TV_MAX_KEEP]; /* other parameters carried in every link */
	const char *label;  /* names the table (region label, caption) */
	const char *what;   /* plural noun of the items, e.g. _("units") */
	const char *none;   /* message when the list itself is empty */
	const char *search_label; /* label of the search box */
	const struct tv_col *cols;
	size_t ncol;
	struct tv_filter filters[TV_MAX_FILTERS];
	size_t nfilter;
	size_t per_page;    /* 0: TV_PER_PAGE */
	/* optional: renders the cells of a shown row from its item (long
	 * lists: only the page's rows are rendered; row.html may be NULL) */
	void (*fill)(struct req *r, const void *item, const char **cells);
	/* from the query (tv_parse) */
	const char *q;      /* NULL: no search */
	const char *fval[TV_MAX_FILTERS];
	int sort;           /* column index, -1: the page's order */
	bool desc;
	long page;
	const char *error;  /* English msgid when tv_parse/tv_apply refuse */
	/* the result (tv_apply) */
	struct tv_row *rows; /* the matching rows, sorted */
	size_t nrows, total, pages;
};

/* Reads and checks ?q= ?sort= ?dir= ?page= (filters: tv_apply, which
 * knows the values). false with tv->error set on a bad parameter. */
bool tv_parse(struct req *r, struct table_view *tv);
/* Filters, sorts and pages rows (n of them; the array is not changed).
 * false with tv->error when a filter value is unknown or the page is
 * beyond the last. */
bool tv_apply(struct req *r, struct table_view *tv, const struct tv_row *rows, size_t n);
/* The search and filter form, the count, the table (in a focusable
 * scrolling box, sortable headers with aria-sort), the empty state and
 * the page links. */
void tv_render(struct req *r, const struct table_view *tv);
/* Whether the request has any parameter of the view (pages that cache
 * their default rendering cache only that). */
bool tv_is_default(const struct req *r);
/* A new row with room for ncol cells, in the request's arena. */
struct tv_row tv_row_new(struct req *r, size_t ncol);
#endif
