/* Survey instruments and answers; see survey.h. */
#include "core/survey.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const survey_qtype_names[] = {"likert5", "choice", "multi", "number", "text", NULL};

int survey_qtype_parse(const char *s)
{
	for (int i = 0; s && survey_qtype_names[i]; i++)
		if (!strcmp(s, survey_qtype_names[i]))
			return i;
	return -1;
}

long survey_question_find(const struct survey_instrument *s, const char *code)
{
	for (size_t i = 0; code && i < s->nq; i++)
		if (!strcmp(s->q[i].code, code))
			return (long)i;
	return -1;
}

long survey_element_find(const struct survey_instrument *s, const char *code)
{
	for (size_t i = 0; code && i < s->ne; i++)
		if (!strcmp(s->e[i].code, code))
			return (long)i;
	return -1;
}

long survey_option_find(const struct survey_question *q, const char *value)
{
	for (size_t i = 0; value && i < q->noptions; i++)
		if (!strcmp(q->options[i], value))
			return (long)i;
	return -1;
}

/* The option among q's equal to s[0..n), or -1. */
static long option_n(const struct survey_question *q, const char *s, size_t n)
{
	for (size_t i = 0; i < q->noptions; i++)
		if (strlen(q->options[i]) == n && !memcmp(q->options[i], s, n))
			return (long)i;
	return -1;
}

static bool fail(const char **why_vi, const char **why_en, const char *vi, const char *en)
{
	*why_vi = vi;
	*why_en = en;
	return false;
}

/* A decimal number: optional sign, digits, one '.' or ',' with digits
 * after it; no exponent, no thousands separators. */
static bool is_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		size_t frac = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, frac++;
		if (!frac)
			return false;
		digits += frac;
	}
	return digits > 0 && i == n && n < 40;
}

bool survey_answer_check(const struct survey_question *q, const char *s, size_t n, char *buf,
                         int16_t *cell, const char **norm, const char **why_vi,
                         const char **why_en)
{
	if (n > SURVEY_TEXT_MAX)
		return fail(why_vi, why_en, "câu trả lời dài quá 4000 byte",
		            "the answer is longer than 4000 bytes");
	memcpy(buf, s, n);
	buf[n] = 0;
	if (norm)
		*norm = buf;
	*cell = 1;
	switch (q->type) {
	case SQ_LIKERT5:
		if (n != 1 || s[0] < '1' || s[0] > '5')
			return fail(why_vi, why_en, "phải là một số nguyên từ 1 đến 5",
			            "must be a whole number from 1 to 5");
		*cell = (int16_t)(s[0] - '0');
		return true;
	case SQ_CHOICE: {
		long o = option_n(q, s, n);
		if (o < 0)
			return fail(why_vi, why_en, "không phải một lựa chọn của câu hỏi",
			            "not one of the question's options");
		*cell = (int16_t)(o + 1);
		return true;
	}
	case SQ_MULTI: {
		bool seen[SURVEY_OPTIONS_MAX] = {0};
		size_t count = 0;
		const char *p = s, *end = s + n;
		while (p < end) {
			const char *sep = memchr(p, ';', (size_t)(end - p));
			const char *e = sep ? sep : end, *a = p;
			while (a < e && *a == ' ')
				a++;
			const char *b = e;
			while (b > a && b[-1] == ' ')
				b--;
			if (b > a) {
				long o = option_n(q, a, (size_t)(b - a));
				if (o < 0)
					return fail(why_vi, why_en,
					            "có giá trị không phải lựa chọn của câu hỏi",
					            "holds a value that is not one of the question's options");
				if (seen[o])
					return fail(why_vi, why_en, "một lựa chọn được ghi hai lần",
					            "an option is given twice");
				seen[o] = true;
				count++;
			}
			p = sep ? sep + 1 : end;
		}
		if (!count)
			return fail(why_vi, why_en, "không có lựa chọn nào", "no option given");
		size_t len = 0;
		for (size_t i = 0; i < q->noptions; i++) {
			if (!seen[i])
				continue;
			size_t l = strlen(q->options[i]);
			if (len)
				buf[len++] = ';';
			memcpy(buf + len, q->options[i], l); /* the options fit: they came from s */
			len += l;
		}
		buf[len] = 0;
		return true;
	}
	case SQ_NUMBER:
		if (!is_number(s, n))
			return fail(why_vi, why_en, "không phải một số", "not a number");
		for (size_t i = 0; i < n; i++)
			if (buf[i] == ',')
				buf[i] = '.';
		return true;
	case SQ_TEXT:
		return true;
	case SQ_NTYPES:
		break;
	}
	return fail(why_vi, why_en, "loại câu hỏi không biết", "unknown question type");
}
