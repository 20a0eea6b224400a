/*
 * The formula lexer: numbers (number_parse, any locale), identifiers with
 * an optional "@period", operators and the bilingual messages for the
 * mistakes people make coming from spreadsheets ("!=", "==", "^", "&&").
 * It reads a counted buffer already checked to be UTF-8 without NUL
 * (formula_compile does that), and reports columns in characters.
 */
#include "core/formula_impl.h"

#include <string.h>

static long column_of(const char *s, size_t off)
{
	long col = 1;
	for (size_t i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			col++;
	return col;
}

void formula_fail_at(struct parser *p, size_t off, const char *vi, const char *en)
{
	if (p->failed)
		return;
	p->failed = true;
	p->err->col = column_of(p->s, off);
	snprintf(p->err->vi, sizeof p->err->vi, "%s", vi);
	snprintf(p->err->en, sizeof p->err->en, "%s", en);
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '.';
}

/* Length of the UTF-8 character at s[0..n) (1 for a bad byte). */
static size_t char_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return len > n ? n : len;
}

void formula_lex(struct parser *p)
{
	const char *s = p->s;
	size_t n = p->n, i = p->pos;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	struct token *t = &p->tok;
	memset(t, 0, sizeof *t);
	t->off = i;
	if (i >= n) {
		t->t = T_END;
		p->pos = i;
		return;
	}
	char c = s[i], d = i + 1 < n ? s[i + 1] : 0;
	size_t len = 1;
	switch (c) {
	case '(':
		t->t = T_LP;
		break;
	case ')':
		t->t = T_RP;
		break;
	case ',':
		t->t = T_COMMA;
		break;
	case '+':
		t->t = T_PLUS;
		break;
	case '-':
		t->t = T_MINUS;
		break;
	case '*':
		t->t = T_STAR;
		break;
	case '/':
		t->t = T_SLASH;
		break;
	case '<':
		if (d == '>') {
			formula_fail_at(p, i, "dùng '!=' cho phép so sánh khác",
			                "use '!=' for 'not equal'");
			return;
		}
		t->t = d == '=' ? T_LE : T_LT;
		len = d == '=' ? 2 : 1;
		break;
	case '>':
		t->t = d == '=' ? T_GE : T_GT;
		len = d == '=' ? 2 : 1;
		break;
	case '=':
		if (d != '=') {
			formula_fail_at(p, i, "dùng '==' để so sánh bằng",
			                "use '==' to compare for equality");
			return;
		}
		t->t = T_EQ;
		len = 2;
		break;
	case '!':
		if (d != '=') {
			formula_fail_at(p, i, "dùng 'not' thay cho '!'", "use 'not' instead of '!'");
			return;
		}
		t->t = T_NE;
		len = 2;
		break;
	case '&':
	case '|':
		formula_fail_at(p, i, "dùng 'and' và 'or'", "use 'and' and 'or'");
		return;
	case '^':
		formula_fail_at(p, i, "không có phép lũy thừa '^'", "there is no power operator '^'");
		return;
	default:
		if (is_digit(c) || (c == '.' && is_digit(d))) {
			size_t j = i;
			while (j < n && is_digit(s[j]))
				j++;
			if (j < n && s[j] == '.') {
				j++;
				while (j < n && is_digit(s[j]))
					j++;
			}
			if (j < n && (s[j] == 'e' || s[j] == 'E')) {
				size_t k = j + 1;
				if (k < n && (s[k] == '+' || s[k] == '-'))
					k++;
				if (k < n && is_digit(s[k])) {
					while (k < n && is_digit(s[k]))
						k++;
					j = k;
				}
			}
			/* "1.2.3" or "2abc" are not numbers */
			size_t end = j;
			while (end < n && is_ident_char(s[end]))
				end++;
			if (end != j || !number_parse(s + i, j - i, &t->num)) {
				int shown = (int)((end - i) > 40 ? 40 : end - i);
				FAILF(p, i, "số không hợp lệ '%.*s'", "invalid number '%.*s'",
				      shown, s + i);
				return;
			}
			t->t = T_NUM;
			len = j - i;
			break;
		}
		if (is_alpha(c)) {
			size_t j = i;
			while (j < n && is_ident_char(s[j]))
				j++;
			t->id_len = j - i;
			if (j < n && s[j] == '@') {
				size_t k = j + 1;
				while (k < n && (is_alpha(s[k]) || is_digit(s[k]) || s[k] == '-'))
					k++;
				if (!period_parse(s + j + 1, k - j - 1, &t->p)) {
					int shown = (int)((k - j - 1) > 20 ? 20 : k - j - 1);
					FAILF(p, j + 1,
					      "kỳ không hợp lệ '%.*s' (dạng 2024, 2024-Q3 hoặc 2024-07)",
					      "invalid period '%.*s' (write 2024, 2024-Q3 or 2024-07)",
					      shown, s + j + 1);
					return;
				}
				t->has_period = true;
				j = k;
			}
			len = j - i;
			t->t = T_IDENT;
			if (!t->has_period) {
				if (t->id_len == 3 && memcmp(s + i, "and", 3) == 0)
					t->t = T_AND;
				else if (t->id_len == 2 && memcmp(s + i, "or", 2) == 0)
					t->t = T_OR;
				else if (t->id_len == 3 && memcmp(s + i, "not", 3) == 0)
					t->t = T_NOT;
			}
			break;
		}
		{
			int cl = (int)char_len(s + i, n - i);
			FAILF(p, i, "ký tự không hợp lệ '%.*s'", "unexpected character '%.*s'",
			      cl, s + i);
			return;
		}
	}
	t->len = len;
	p->pos = i + len;
}
