/*
 * Emulation titles as pure rules (shared/formats/emulation.md): the
 * conditions of a rule set (data, io/emulation_io.c reads it), checked on
 * the facts of one candidate (the year's classification, discipline,
 * initiatives, awards of past years, the members of a collective, the
 * unit's published PAR index), each with the value it was checked on;
 * vote thresholds and cash.
 *
 * Why it is built this way: shares and vote thresholds are parts per
 * million and compared by cross-multiplication (7 of 10 >= 0.70 is
 * 7 x 1e6 >= 700000 x 10), so "exactly 70%" or "exactly 80%" never
 * depends on binary rounding; cash multiples are thousandths. A fact
 * that is not known is "missing", and a condition on it fails, never
 * passes silently.
 */
#ifndef PARINDEX_CORE_EMULATION_H
#define PARINDEX_CORE_EMULATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EMU_MAX_TITLES 32

enum emu_cond_kind {
	EC_LEVEL, EC_LEVEL_AT_LEAST, EC_NOT_DISCIPLINED, EC_TITLE, EC_CONSECUTIVE,
	EC_INITIATIVE_AT_LEAST, EC_MEMBERS_TITLE_SHARE, EC_MEMBERS_WITH_TITLE,
	EC_MEMBERS_LEVEL_SHARE, EC_NO_MEMBER_DISC, EC_PAR_RANK_AT_MOST, EC_PAR_GAIN_AT_LEAST,
	EC_REGISTERED, EC_ANY
};

/* Initiative levels, lowest first; -1: none. */
enum emu_init_level { EMU_GRASSROOTS, EMU_PROVINCE, EMU_NATIONAL };
extern const char *const emu_init_levels[]; /* NULL-terminated */
int emu_init_level_parse(const char *s);
/* Discipline forms, lightest first (evaluation.md); -1: none. */
extern const char *const emu_disc_forms[];
int emu_disc_form_parse(const char *s);

struct emu_cond {
	enum emu_cond_kind kind;
	const char *title; /* title, consecutive, members_* */
	int level;         /* enum eval_level: level, level_at_least, members_level_share */
	int ilevel;        /* initiative_at_least */
	int form;          /* no_member_disciplined_at_least */
	long years;        /* consecutive */
	long min_ppm;      /* *_share */
	long min_count;    /* members_with_title */
	long rank;         /* par_rank_at_most */
	long gain_milli;   /* par_index_gain_at_least, thousandths of a point */
	struct emu_cond *sub; /* any */
	size_t nsub;
};

struct emu_title {
	const char *code, *title_vi, *title_en;
	bool collective;
	long vote_ppm;   /* 0: no vote needed */
	long cash_milli; /* the multiple of the base salary, thousandths */
	struct emu_cond *when;
	size_t nwhen;
};

struct emu_rules {
	const char *code;
	int32_t valid_from, valid_to; /* DATE_MIN / DATE_MAX when not given */
	long base_salary;             /* VND */
	bool cash_highest;
	struct emu_title titles[EMU_MAX_TITLES];
	size_t ntitles;
};

/* The index of title code in r, or -1. */
int emu_title_find(const struct emu_rules *r, const char *code);

/* What is known of a person in the year. */
struct emu_person {
	const char *code, *unit;
	bool rated;     /* a classification exists (months rated > 0) */
	int level;      /* enum eval_level when rated */
	int disc_form;  /* the heaviest discipline form in the year, -1: none */
	int initiative; /* the highest initiative level recognised in the year, -1: none */
	bool registered;
};

/* What is known of a collective in the year. */
struct emu_unit {
	const char *code;
	bool has_rank, has_gain;
	long rank;
	long gain_milli; /* index(year) - index(year - 1), thousandths */
	bool registered;
};

/* Whether candidate had title in year (an earlier year: a decided or
 * imported award). */
typedef bool (*emu_awarded_fn)(void *ctx, const char *candidate, const char *title, int year);

struct emu_facts {
	int year;
	emu_awarded_fn awarded;
	void *ctx;
	/* the members of the collective being checked (rated or not) and
	 * whether each was found eligible for each title (members_*) */
	const struct emu_person *members;
	size_t nmembers;
	const bool (*member_ok)[EMU_MAX_TITLES];
};

/* One candidate's check of one title: eligible and the reason, every
 * condition "; "-separated with the value it was checked on. */
struct emu_check {
	bool eligible;
	char reason[1024];
};

/* Checks person p (its own eligibility by earlier titles in ok[0..t)). */
void emu_check_person(const struct emu_rules *r, size_t t, const struct emu_person *p,
                      const bool *ok, const struct emu_facts *f, struct emu_check *out);
/* Checks collective u, its members in f. */
void emu_check_unit(const struct emu_rules *r, size_t t, const struct emu_unit *u,
                    const bool *ok, const struct emu_facts *f, struct emu_check *out);

/* Whether yes of members reaches vote_ppm (yes x 1e6 >= ppm x members). */
bool emu_vote_passes(long vote_ppm, long yes, long members);
/* A share as typed ("0,5", "0.75", "1"): 0..1 with at most 6 decimals,
 * in parts per million. */
bool emu_share_parse(const char *s, long *ppm);
/* Whether taking_part of members (present + absent voting in writing)
 * reaches quorum_ppm of all members (cross-multiplied, as votes). */
bool emu_quorum_met(long quorum_ppm, long taking_part, long members);
/* multiple x base, rounded half up to 1,000 VND. */
long emu_cash(long cash_milli, long base_salary);
/* Shares: "70%", "66,67%" (Vietnamese decimal comma). */
void emu_ppm_format(long ppm, char *buf, size_t size);
#endif
