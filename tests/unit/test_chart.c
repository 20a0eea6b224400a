/*
 * Unit tests for io/chart: every kind in every format gives a valid file
 * (SVG root element, PNG signature, "%PDF-"), empty input and one item
 * work, NaN, infinite and negative values are drawn without failing, the
 * SVG is deterministic and safe to inline (no script, no style attribute,
 * prefixed ids, escaped accessible name), height grows with the bar
 * count, and Vietnamese text is shaped with Noto Sans.
 *
 * With PARINDEX_CHART_SAMPLES=DIR set, the test also writes one PNG, SVG
 * and PDF per kind into DIR to look at (docs/internals/chart.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "io/chart.h"

static const char *const names[] = {
	"Phường Văn Miếu - Quốc Tử Giám", "Phường Hoàn Kiếm", "Phường Cửa Nam",
	"Phường Ba Đình", "Phường Ngọc Hà", "Phường Giảng Võ", "Phường Hai Bà Trưng",
	"Phường Vĩnh Tuy", "Phường Bạch Mai", "Phường Đống Đa", "Phường Kim Liên",
	"Phường Ô Chợ Dừa", "Phường Láng", "Phường Đống Đa", "Xã Sóc Sơn",
	"Xã Đa Phúc", "Xã Nội Bài", "Xã Trung Giã", "Xã Kim Anh", "Xã Đông Anh",
	"Xã Phúc Thịnh", "Xã Thư Lâm", "Xã Thiên Lộc", "Xã Vĩnh Thanh",
	"Xã Mê Linh", "Xã Yên Lãng", "Xã Tiến Thắng", "Xã Quang Minh",
};
#define NNAMES (sizeof names / sizeof names[0])

static const char *const departments[] = {
	"Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương",
	"Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Khoa học và Công nghệ",
	"Sở Văn hóa và Thể thao", "Sở Du lịch", "Sở Giáo dục và Đào tạo", "Sở Y tế",
	"Sở Quy hoạch - Kiến trúc", "Sở Ngoại vụ", "Sở Dân tộc và Tôn giáo",
	"Thanh tra thành phố", "Văn phòng Ủy ban nhân dân thành phố",
	"Ban Quản lý các khu công nghiệp và chế xuất Hà Nội",
};
#define NDEPTS (sizeof departments / sizeof departments[0])

static const char *const grade_labels[] = {"A (≥ 90)", "B (80–90)", "C (70–80)", "D (< 70)"};

static int grade_of(double v)
{
	return v >= 90 ? 0 : v >= 80 ? 1 : v >= 70 ? 2 : 3;
}

/* n bars in descending order, deterministic values between ~66 and ~97 */
static struct chart_bar *make_bars(size_t n, char (*labels)[96])
{
	struct chart_bar *b = calloc(n ? n : 1, sizeof *b);
	assert_non_null(b);
	for (size_t i = 0; i < n; i++) {
		double v = 97.3 - 31.0 * (double)i / (double)(n > 1 ? n - 1 : 1);
		if (n == NDEPTS)
			snprintf(labels[i], 96, "%s", departments[i]);
		else if (i < NNAMES)
			snprintf(labels[i], 96, "%s", names[i]);
		else
			snprintf(labels[i], 96, "%s %zu", names[i % NNAMES], i / NNAMES + 1);
		b[i] = (struct chart_bar){.label = labels[i], .value = v, .band = grade_of(v),
		                          .rank = (int)i + 1};
	}
	return b;
}

static const char *find_bytes(const struct str *s, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= s->len; i++)
		if (!memcmp(s->buf + i, needle, n))
			return s->buf + i;
	return NULL;
}

/* an attribute " onXXX=" anywhere */
static bool has_event_attr(const char *p)
{
	while ((p = strstr(p, " on"))) {
		p += 3;
		while (*p >= 'a' && *p <= 'z')
			p++;
		if (*p == '=')
			return true;
	}
	return false;
}

static void save(const char *name, enum chart_format f, const struct str *s)
{
	const char *dir = getenv("PARINDEX_CHART_SAMPLES");
	if (!dir || !*dir)
		return;
	char path[1024];
	snprintf(path, sizeof path, "%s/%s.%s", dir, name, chart_extension(f));
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return;
	fwrite(s->buf, 1, s->len, fp);
	fclose(fp);
}

/* The checks that apply to every file of format f. */
static void check_file(const struct str *s, enum chart_format f)
{
	assert_int_equal(str_error(s), 0);
	assert_true(s->len > 100);
	switch (f) {
	case CHART_SVG:
		assert_true(!strncmp(s->buf, "<svg", 4) || !strncmp(s->buf, "<?xml", 5));
		assert_non_null(strstr(s->buf, "</svg>"));
		/* inline-safe: nothing CSP or an HTML page would object to */
		assert_null(strstr(s->buf, "<script"));
		assert_null(strstr(s->buf, "style="));
		assert_null(strstr(s->buf, "<?xml"));
		assert_null(strstr(s->buf, "foreignObject"));
		assert_false(has_event_attr(s->buf));
		assert_null(strstr(s->buf, "id=\"glyph"));
		assert_null(strstr(s->buf, "id=\"surface"));
		break;
	case CHART_PNG:
		assert_memory_equal(s->buf, "\x89PNG\r\n\x1a\n", 8);
		break;
	case CHART_PDF:
		assert_memory_equal(s->buf, "%PDF-", 5);
		assert_non_null(find_bytes(s, "%%EOF"));
		break;
	}
}

static const enum chart_format formats[] = {CHART_SVG, CHART_PNG, CHART_PDF};

static void test_ranking_formats(void **state)
{
	(void)state;
	char labels[NDEPTS][96];
	struct chart_bar *bars = make_bars(NDEPTS, labels);
	bars[3].emphasis = true;
	struct chart_ranking_spec spec = {
		.opts = {.title = "Chỉ số CCHC các sở, ban, ngành năm 2024",
		         .subtitle = "17 đơn vị · Hà Nội", .axis_title = "Chỉ số (%)"},
		.bars = bars, .nbars = NDEPTS, .bands = grade_labels, .nbands = 4,
		.has_average = true, .average = 84.37};
	for (size_t i = 0; i < 3; i++) {
		struct str s;
		str_init(&s, 0);
		assert_int_equal(chart_ranking_draw(&spec, formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		save("ranking-departments", formats[i], &s);
		str_free(&s);
	}
	free(bars);
}

static void test_ranking_126(void **state)
{
	(void)state;
	static char labels[126][96];
	struct chart_bar *bars = make_bars(126, labels);
	bars[41].value = NAN; /* testcase: a unit without an index */
	bars[60].emphasis = true;
	struct chart_ranking_spec spec = {
		.opts = {.title = "Chỉ số CCHC 126 xã, phường năm 2025", .axis_title = "Chỉ số (%)"},
		.bars = bars, .nbars = 126, .bands = grade_labels, .nbands = 4,
		.has_average = true, .average = 81.9};
	for (size_t i = 0; i < 3; i++) {
		struct str s;
		str_init(&s, 0);
		assert_int_equal(chart_ranking_draw(&spec, formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		save("ranking-126", formats[i], &s);
		str_free(&s);
	}
	free(bars);
}

static size_t svg_height(const struct str *s)
{
	const char *h = strstr(s->buf, "height=\"");
	assert_non_null(h);
	return (size_t)strtoul(h + 8, NULL, 10);
}

/* testcase: the chart grows with the bar count; empty and one bar work */
static void test_ranking_sizes(void **state)
{
	(void)state;
	static char labels[126][96];
	struct chart_bar *bars = make_bars(126, labels);
	size_t prev_h = 0, prev_len = 0;
	const size_t counts[] = {0, 1, 2, 10, 40, 126};
	for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
		struct str s;
		str_init(&s, 0);
		assert_int_equal(chart_ranking(bars, counts[k], "Chỉ số (%)", CHART_SVG, &s), PX_OK);
		check_file(&s, CHART_SVG);
		size_t h = svg_height(&s);
		if (counts[k] > 1) { /* the empty chart is a fixed "no data" box */
			assert_true(h > prev_h);
			assert_true(s.len > prev_len);
		}
		prev_h = h;
		prev_len = s.len;
		str_free(&s);
		for (size_t i = 1; i < 3; i++) {
			str_init(&s, 0);
			assert_int_equal(chart_ranking(bars, counts[k], "Chỉ số (%)", formats[i], &s), PX_OK);
			check_file(&s, formats[i]);
			if (counts[k] <= 1) {
				char name[32];
				snprintf(name, sizeof name, "ranking-%zu", counts[k]);
				save(name, formats[i], &s);
			}
			str_free(&s);
		}
	}
	free(bars);
}

/* testcase: NaN, infinities, negative values and values over 100 */
static void test_odd_values(void **state)
{
	(void)state;
	struct chart_bar bars[] = {
		{.label = "Âm", .value = -12.5, .band = 3},
		{.label = "NaN", .value = NAN, .band = 0},
		{.label = "Vô cực", .value = INFINITY, .band = 1},
		{.label = "Trên 100", .value = 104.2, .band = 0},
		{.label = NULL, .value = 50, .band = -1},
		{.label = "Băng lạ", .value = 60, .band = 99},
		{.label = "Hỏng \xff\xfe UTF-8\n", .value = 70, .band = 2},
	};
	struct chart_pair pairs[] = {
		{.label = "1", .value = NAN, .reference = 80},
		{.label = "2", .value = -5, .reference = NAN},
		{.label = "3", .value = 120, .reference = -INFINITY},
	};
	struct chart_point pts[] = {
		{.label = "2021", .value = NAN},
		{.label = "2022", .value = -3, .rank = 0},
		{.label = "2023", .value = 88, .rank = 4},
		{.label = "2024", .value = INFINITY, .rank = 2},
	};
	struct chart_count counts[] = {
		{.label = "A", .count = -3, .band = 0}, {.label = "B", .count = 0, .band = 1},
		{.label = "C", .count = 5, .band = 2},
	};
	for (size_t i = 0; i < 3; i++) {
		struct str s;
		str_init(&s, 0);
		assert_int_equal(chart_ranking(bars, 7, "x", formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		save("odd-ranking", formats[i], &s);
		str_reset(&s);
		assert_int_equal(chart_pairs(pairs, 3, "x", NULL, NULL, formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		str_reset(&s);
		struct chart_history_spec hs = {.points = pts, .npoints = 4, .zoom = true,
		                                .reference_label = "TB"};
		assert_int_equal(chart_history_draw(&hs, formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		save("odd-history", formats[i], &s);
		str_reset(&s);
		assert_int_equal(chart_grades(counts, 3, NULL, formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		str_free(&s);
	}
}

static void test_pairs(void **state)
{
	(void)state;
	struct chart_pair pairs[] = {
		{"1. Công tác chỉ đạo, điều hành cải cách hành chính", 92.5, 85.1},
		{"2. Cải cách thể chế", 78.0, 81.3},
		{"3. Cải cách thủ tục hành chính", 88.9, 84.0},
		{"4. Cải cách tổ chức bộ máy hành chính nhà nước", 100, 90.2},
		{"5. Cải cách chế độ công vụ", 70.4, 76.8},
		{"6. Cải cách tài chính công", 95.0, 88.8},
		{"7. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", 83.3, 79.5},
		{"8. Tác động của cải cách hành chính đến người dân, tổ chức", 81.7, 80.1},
	};
	struct chart_pairs_spec spec = {
		.opts = {.title = "Sở Nông nghiệp và Môi trường — các lĩnh vực so với trung bình nhóm",
		         .axis_title = "% điểm tối đa của lĩnh vực"},
		.pairs = pairs, .npairs = 8, .value_label = "Sở Nông nghiệp và Môi trường",
		.reference_label = "Trung bình nhóm"};
	for (size_t i = 0; i < 3; i++) {
		struct str s;
		str_init(&s, 0);
		assert_int_equal(chart_pairs_draw(&spec, formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		save("pairs", formats[i], &s);
		str_reset(&s);
		assert_int_equal(chart_pairs(pairs, 0, "x", "a", "b", formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		str_reset(&s);
		assert_int_equal(chart_pairs(pairs + 1, 1, "x", "a", "b", formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		str_free(&s);
	}
}

static void test_history(void **state)
{
	(void)state;
	struct chart_point pts[] = {
		{"2021", 84.12, 7, 82.0}, {"2022", 86.40, 5, 83.1}, {"2023", 85.02, 6, 84.5},
		{"2024", 90.31, 2, 85.2}, {"2025", 91.76, 1, 86.0},
	};
	struct chart_history_spec spec = {
		.opts = {.title = "Sở Nội vụ — Chỉ số CCHC qua các năm", .axis_title = "Chỉ số (%)"},
		.points = pts, .npoints = 5, .value_label = "Sở Nội vụ",
		.reference_label = "Trung bình nhóm", .zoom = true};
	for (size_t i = 0; i < 3; i++) {
		struct str s;
		str_init(&s, 0);
		assert_int_equal(chart_history_draw(&spec, formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		save("history", formats[i], &s);
		str_reset(&s);
		assert_int_equal(chart_history(pts, 5, "Chỉ số (%)", formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		save("history-plain", formats[i], &s);
		str_reset(&s);
		assert_int_equal(chart_history(pts, 0, "Chỉ số (%)", formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		str_reset(&s);
		assert_int_equal(chart_history(pts, 1, "Chỉ số (%)", formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		str_free(&s);
	}
}

static void test_grades(void **state)
{
	(void)state;
	struct chart_count counts[] = {
		{"A", 23, 0}, {"B", 61, 1}, {"C", 34, 2}, {"D", 6, 3}, {"Chưa xếp loại", 2, -1},
	};
	struct chart_grades_spec spec = {
		.opts = {.title = "Phân bố xếp loại — 126 xã, phường", .axis_title = "Số đơn vị"},
		.counts = counts, .ncounts = 5};
	for (size_t i = 0; i < 3; i++) {
		struct str s;
		str_init(&s, 0);
		assert_int_equal(chart_grades_draw(&spec, formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		save("grades", formats[i], &s);
		str_reset(&s);
		assert_int_equal(chart_grades(counts, 0, NULL, formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		str_reset(&s);
		assert_int_equal(chart_grades(counts, 1, NULL, formats[i], &s), PX_OK);
		check_file(&s, formats[i]);
		str_free(&s);
	}
}

/* testcase: same input, same bytes (cairo's global surface ids removed) */
static void test_svg_deterministic(void **state)
{
	(void)state;
	char labels[NDEPTS][96];
	struct chart_bar *bars = make_bars(NDEPTS, labels);
	struct str a, b;
	str_init(&a, 0);
	str_init(&b, 0);
	assert_int_equal(chart_ranking(bars, NDEPTS, "Chỉ số (%)", CHART_SVG, &a), PX_OK);
	/* another chart in between moves cairo's global counters */
	struct str other;
	str_init(&other, 0);
	assert_int_equal(chart_ranking(bars, 3, "x", CHART_PDF, &other), PX_OK);
	str_free(&other);
	assert_int_equal(chart_ranking(bars, NDEPTS, "Chỉ số (%)", CHART_SVG, &b), PX_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	/* PNG too */
	str_reset(&a);
	str_reset(&b);
	assert_int_equal(chart_ranking(bars, NDEPTS, "Chỉ số (%)", CHART_PNG, &a), PX_OK);
	assert_int_equal(chart_ranking(bars, NDEPTS, "Chỉ số (%)", CHART_PNG, &b), PX_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	str_free(&a);
	str_free(&b);
	free(bars);
}

/* testcase: ids are prefixed, so two charts on one page do not collide;
 * the generated prefix differs between different pictures */
static void test_svg_ids(void **state)
{
	(void)state;
	struct chart_bar one = {.label = "Sở Nội vụ", .value = 91, .band = 0};
	struct chart_bar two = {.label = "Sở Tư pháp", .value = 82, .band = 1};
	struct str a, b;
	str_init(&a, 0);
	str_init(&b, 0);
	assert_int_equal(chart_ranking(&one, 1, "x", CHART_SVG, &a), PX_OK);
	assert_int_equal(chart_ranking(&two, 1, "x", CHART_SVG, &b), PX_OK);
	const char *ia = strstr(a.buf, "id=\"px"), *ib = strstr(b.buf, "id=\"px");
	assert_non_null(ia);
	assert_non_null(ib);
	assert_memory_not_equal(ia, ib, 4 + 2 + 8);
	/* every reference points into the chart's own ids */
	assert_null(strstr(a.buf, "href=\"#glyph"));
	assert_non_null(strstr(a.buf, "href=\"#px"));
	str_reset(&a);
	struct chart_ranking_spec spec = {.opts = {.id_prefix = "rank1"}, .bars = &one, .nbars = 1};
	assert_int_equal(chart_ranking_draw(&spec, CHART_SVG, &a), PX_OK);
	assert_non_null(strstr(a.buf, "id=\"rank1-"));
	assert_null(strstr(a.buf, "id=\"px"));
	/* testcase: a prefix that could break out of the attribute is refused */
	str_reset(&a);
	spec.opts.id_prefix = "x\"><script>";
	assert_int_equal(chart_ranking_draw(&spec, CHART_SVG, &a), PX_USAGE);
	assert_int_equal(a.len, 0);
	spec.opts.id_prefix = "";
	assert_int_equal(chart_ranking_draw(&spec, CHART_SVG, &a), PX_USAGE);
	str_free(&a);
	str_free(&b);
}

/* testcase: the title is escaped into <title> and aria-label */
static void test_svg_title(void **state)
{
	(void)state;
	struct chart_bar one = {.label = "<b>", .value = 91, .band = 0};
	struct chart_ranking_spec spec = {
		.opts = {.title = "Xếp hạng \"A&B\" <script>alert(1)</script> 'x'"},
		.bars = &one, .nbars = 1};
	struct str s;
	str_init(&s, 0);
	assert_int_equal(chart_ranking_draw(&spec, CHART_SVG, &s), PX_OK);
	check_file(&s, CHART_SVG);
	assert_non_null(strstr(s.buf, "<svg "));
	assert_non_null(strstr(s.buf, " role=\"img\" aria-label=\"Xếp hạng &quot;A&amp;B&quot; "
	                              "&lt;script&gt;alert(1)&lt;/script&gt; &#39;x&#39;\""));
	assert_non_null(strstr(s.buf, "<title>Xếp hạng &quot;A&amp;B&quot; &lt;script&gt;"));
	assert_null(strstr(s.buf, "<b>"));
	/* testcase: no title, the axis title names the chart */
	str_reset(&s);
	assert_int_equal(chart_ranking(&one, 1, "Chỉ số (%)", CHART_SVG, &s), PX_OK);
	assert_non_null(strstr(s.buf, "aria-label=\"Chỉ số (%)\""));
	/* testcase: neither: no empty aria-label */
	str_reset(&s);
	assert_int_equal(chart_ranking(&one, 1, NULL, CHART_SVG, &s), PX_OK);
	check_file(&s, CHART_SVG);
	assert_null(strstr(s.buf, "aria-label"));
	str_free(&s);
}

/* testcase: Vietnamese is drawn with Noto Sans, the PDF embeds it and
 * carries the title */
static void test_vietnamese(void **state)
{
	(void)state;
	assert_true(chart_font_covers("Phường Văn Miếu - Quốc Tử Giám"));
	assert_true(chart_font_covers("Sở Nông nghiệp và Môi trường"));
	assert_true(chart_font_covers("ĐỒNG Ý ỹ ự ử ữ ợ ẫ ậ ằ ẳ ẵ ặ ẻ ẽ ể ễ ệ ỉ ị ỏ ỗ ộ ổ ỡ"));
	/* decomposed (NFD) input is composed by the shaper */
	assert_true(chart_font_covers("Vie\xcc\xa3\xcc\x82t Nam"));
	assert_false(chart_font_covers("\xe4\xb8\xad\xe6\x96\x87")); /* CJK: not Noto Sans */

	struct chart_bar bars[] = {
		{.label = "Phường Văn Miếu - Quốc Tử Giám", .value = 91.5, .band = 0},
		{.label = "Sở Nông nghiệp và Môi trường", .value = 84.25, .band = 1},
	};
	struct chart_ranking_spec spec = {
		.opts = {.title = "Bảng xếp hạng Chỉ số CCHC"}, .bars = bars, .nbars = 2};
	struct str s;
	str_init(&s, 0);
	assert_int_equal(chart_ranking_draw(&spec, CHART_PDF, &s), PX_OK);
	check_file(&s, CHART_PDF);
	assert_non_null(find_bytes(&s, "NotoSans"));
	assert_non_null(find_bytes(&s, "/ToUnicode"));
	assert_non_null(find_bytes(&s, "/Title"));
	save("vietnamese", CHART_PDF, &s);
	/* the SVG draws glyph outlines: a longer Vietnamese label needs more */
	str_reset(&s);
	assert_int_equal(chart_ranking(bars, 1, NULL, CHART_SVG, &s), PX_OK);
	size_t with_diacritics = s.len;
	str_reset(&s);
	struct chart_bar plain = {.label = "P", .value = 91.5, .band = 0};
	assert_int_equal(chart_ranking(&plain, 1, NULL, CHART_SVG, &s), PX_OK);
	assert_true(with_diacritics > s.len);
	str_free(&s);
}

/* testcase: English number format and words */
static void test_lang(void **state)
{
	(void)state;
	struct chart_bar one = {.label = "Department of Home Affairs", .value = 91.04, .band = 0};
	struct chart_ranking_spec spec = {.opts = {.lang = "en", .decimals = 1},
	                                  .bars = &one, .nbars = 1, .bands = grade_labels,
	                                  .nbands = 4, .has_average = true, .average = 88.5};
	struct str s;
	str_init(&s, 0);
	assert_int_equal(chart_ranking_draw(&spec, CHART_PNG, &s), PX_OK);
	check_file(&s, CHART_PNG);
	save("ranking-en", CHART_PNG, &s);
	str_free(&s);
}

/* testcase: bad specs change nothing */
static void test_usage(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	assert_int_equal(chart_ranking(NULL, 3, "x", CHART_SVG, &s), PX_USAGE);
	assert_int_equal(chart_ranking(NULL, 0, "x", CHART_SVG, &s), PX_OK);
	str_reset(&s);
	struct chart_bar one = {.label = "a", .value = 1};
	assert_int_equal(chart_ranking(&one, CHART_MAX_ITEMS + 1, "x", CHART_SVG, &s), PX_USAGE);
	assert_int_equal(chart_ranking(&one, 1, "x", (enum chart_format)7, &s), PX_USAGE);
	assert_int_equal(chart_ranking(&one, 1, "x", CHART_SVG, NULL), PX_USAGE);
	assert_int_equal(chart_ranking_draw(NULL, CHART_SVG, &s), PX_USAGE);
	struct chart_ranking_spec spec = {.bars = &one, .nbars = 1, .nbands = 2};
	assert_int_equal(chart_ranking_draw(&spec, CHART_SVG, &s), PX_USAGE);
	assert_int_equal(s.len, 0);
	/* testcase: the output builder is full: PX_FAIL, nothing appended */
	struct str small;
	str_init(&small, 64);
	str_adds(&small, "kept");
	assert_int_equal(chart_ranking(&one, 1, "x", CHART_SVG, &small), PX_FAIL);
	assert_int_equal(chart_ranking(&one, 1, "x", CHART_PNG, &small), PX_FAIL);
	assert_string_equal(str_cstr(&small), "kept");
	assert_int_equal(str_error(&small), 0);
	str_free(&small);
	/* formats */
	enum chart_format f;
	assert_true(chart_format_parse("PNG", &f));
	assert_int_equal(f, CHART_PNG);
	assert_false(chart_format_parse("gif", &f));
	assert_false(chart_format_parse(NULL, &f));
	assert_string_equal(chart_mime_type(CHART_SVG), "image/svg+xml");
	assert_string_equal(chart_mime_type(CHART_PDF), "application/pdf");
	assert_string_equal(chart_extension(CHART_PNG), "png");
	str_free(&s);
}

/* testcase: width is clamped; PNG scale follows png_scale */
static void test_width_and_scale(void **state)
{
	(void)state;
	struct chart_bar one = {.label = "Sở Y tế", .value = 80, .band = 1};
	struct chart_ranking_spec spec = {.opts = {.width = 10}, .bars = &one, .nbars = 1};
	struct str s;
	str_init(&s, 0);
	assert_int_equal(chart_ranking_draw(&spec, CHART_SVG, &s), PX_OK);
	assert_non_null(strstr(s.buf, "width=\"320px\""));
	str_reset(&s);
	spec.opts.width = 1000;
	spec.opts.png_scale = 1;
	assert_int_equal(chart_ranking_draw(&spec, CHART_PNG, &s), PX_OK);
	/* IHDR width, big-endian, at byte 16 */
	const unsigned char *u = (const unsigned char *)s.buf;
	unsigned long w = (unsigned long)u[16] << 24 | (unsigned long)u[17] << 16 |
	                  (unsigned long)u[18] << 8 | u[19];
	assert_int_equal(w, 1000);
	str_free(&s);
}

/* testcase: charts drawn on several threads at once (the server's pool)
 * give the same bytes as on one thread */
struct job {
	const struct chart_bar *bars;
	size_t n;
	struct str out;
	enum px_err rc;
};

static void *draw_job(void *arg)
{
	struct job *j = arg;
	for (int k = 0; k < 3; k++) {
		str_reset(&j->out);
		j->rc = chart_ranking(j->bars, j->n, "Chỉ số (%)", CHART_SVG, &j->out);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	char labels[NDEPTS][96];
	struct chart_bar *bars = make_bars(NDEPTS, labels);
	struct str ref;
	str_init(&ref, 0);
	assert_int_equal(chart_ranking(bars, NDEPTS, "Chỉ số (%)", CHART_SVG, &ref), PX_OK);
	struct job jobs[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){.bars = bars, .n = NDEPTS};
		str_init(&jobs[i].out, 0);
		assert_int_equal(pthread_create(&th[i], NULL, draw_job, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(jobs[i].rc, PX_OK);
		assert_int_equal(jobs[i].out.len, ref.len);
		assert_memory_equal(jobs[i].out.buf, ref.buf, ref.len);
		str_free(&jobs[i].out);
	}
	str_free(&ref);
	free(bars);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranking_formats),
		cmocka_unit_test(test_ranking_126),
		cmocka_unit_test(test_ranking_sizes),
		cmocka_unit_test(test_odd_values),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_grades),
		cmocka_unit_test(test_svg_deterministic),
		cmocka_unit_test(test_svg_ids),
		cmocka_unit_test(test_svg_title),
		cmocka_unit_test(test_vietnamese),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_width_and_scale),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
