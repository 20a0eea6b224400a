/*
 * Number conventions of parindex: how a number is read from text, written
 * back, and rounded. One place, so that a value typed in a form, stored,
 * shown in a report and rounded by a formula's round() follows the same
 * rules everywhere, whatever the process locale.
 *
 * Why it is built this way: strtod and printf follow LC_NUMERIC, which the
 * server may run under a Vietnamese locale (decimal comma); these functions
 * read and write the decimal point only, and round in the decimal sense
 * (half away from zero, ties up to binary representation error), which is
 * what a civil servant checking a score with a calculator expects.
 * Pure functions, no state; safe from any thread.
 */
#ifndef PARINDEX_CORE_NUMBER_H
#define PARINDEX_CORE_NUMBER_H
#include <stdbool.h>
#include <stddef.h>

/* Rounds x to n decimals (n may be negative), half away from zero, in the
 * decimal sense: a value that is a tie up to binary representation error
 * (89.995, 2.675) rounds away from zero. Non-finite x is returned as is. */
double number_round(double x, int n);
/* x * 10^n rounded as number_round does, as an integral double: the exact
 * key for comparing values rounded to n decimals. */
double number_round_scaled(double x, int n);

/* Parses a decimal number (digits, optional fraction and exponent; a
 * leading sign is allowed; no hex, inf or nan) in s[0..n) exactly, in any
 * locale. Returns false unless the whole text is one finite number. */
bool number_parse(const char *s, size_t n, double *out);
/* Writes the shortest decimal text that reads back as exactly x (x
 * finite), without locale effects: "0.25", "9", "-3", "1e+300". out must
 * hold 32 bytes. Negative zero is written "0". */
void number_format(double x, char out[32]);

/* Reads a number as a person types it in a form: number_parse's syntax
 * without the exponent, where the decimal mark may be the Vietnamese
 * comma ("1,25") or the point ("1.25"), at most one of them; surrounding
 * blanks are ignored; no thousands separators (so "1,250" is 1.25, never
 * 1250). Returns false unless the whole text is one finite number.
 * *decimals (may be NULL) gets how many digits follow the mark. */
bool number_parse_input(const char *s, size_t n, double *out, int *decimals);
/* number_format with `mark` as the decimal mark: ',' for Vietnamese
 * ("1,25"), '.' for English ("1.25"). out must hold 32 bytes. */
void number_format_mark(double x, char mark, char out[32]);
#endif
