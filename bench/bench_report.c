/*
 * Report benchmark: the ranking document of N units (default 12,000) as
 * app_report_ranking builds it (rank, code, Vietnamese name, points,
 * maximum, index, grade, status, 9 domains, missing, rank change; the
 * Decree 30 frame; the ranking chart of the top 40 drawn by io/chart.c),
 * rendered as XLSX and as PDF. Each format runs in its own child process,
 * so the peak resident memory printed (getrusage of the child) is that
 * render's alone; the time is the child's wall time for building the doc
 * and rendering it, best of 3, and its CPU time (user + system: the
 * figure to trust on a shared machine). Scoring and the store are not included
 * (bench_score measures scoring).
 *
 * Usage: bench_report [units]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "io/chart.h"
#include "io/doc.h"

#define RUNS 3
#define DOMAINS 9

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static const char *const names[] = {"Phường Văn Miếu - Quốc Tử Giám", "Xã Sóc Sơn",
                                    "Phường Hoàn Kiếm", "Xã Đông Anh", "Phường Ba Đình",
                                    "Xã Thạch Thất", "Phường Hồng Hà", "Xã Phù Đổng"};

static struct doc *build(struct arena *a, size_t n)
{
	struct doc *d = doc_new(a, "Bảng xếp hạng Chỉ số cải cách hành chính (bench)");
	d->exported_at = 1796000000;
	d->landscape = true;
	d->source = "parindex bench";
	d->version = "bench";
	static const char *const body[] = {"Căn cứ kết quả đánh giá;", "QUYẾT ĐỊNH:"};
	static const char *const rec[] = {"- Như Điều 2;", "- Lưu: VT."};
	static struct doc_issuer is = {.agency = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI",
	                               .number = "Số:    /QĐ-UBND", .kind = "QUYẾT ĐỊNH",
	                               .place_date = "Hà Nội, ngày 03 tháng 12 năm 2026",
	                               .subject = "Về việc công bố Chỉ số cải cách hành chính",
	                               .body = body, .nbody = 2, .signer_role = "CHỦ TỊCH",
	                               .recipients = rec, .nrecipients = 2, .annex = "PHỤ LỤC"};
	d->issuer = &is;
	struct doc_col cols[9 + DOMAINS + 1];
	size_t k = 0;
	cols[k++] = (struct doc_col){"Hạng", DOC_COL_INT, 8, false, NULL};
	cols[k++] = (struct doc_col){"Mã đơn vị", DOC_COL_TEXT, 14, true, NULL};
	cols[k++] = (struct doc_col){"Đơn vị", DOC_COL_TEXT, 40, false, NULL};
	cols[k++] = (struct doc_col){"Điểm", DOC_COL_POINTS, 10, true, NULL};
	cols[k++] = (struct doc_col){"Điểm tối đa", DOC_COL_POINTS, 10, true, NULL};
	cols[k++] = (struct doc_col){"Chỉ số (%)", DOC_COL_PERCENT, 10, false, NULL};
	cols[k++] = (struct doc_col){"Xếp loại", DOC_COL_TEXT, 8, false, NULL};
	cols[k++] = (struct doc_col){"Trạng thái", DOC_COL_TEXT, 12, true, NULL};
	for (int t = 0; t < DOMAINS; t++)
		cols[k++] = (struct doc_col){arena_printf(a, "%d. Lĩnh vực %d", t + 1, t + 1),
		                             DOC_COL_POINTS, 9, false, arena_printf(a, "%d", t + 1)};
	cols[k++] = (struct doc_col){"Số mục thiếu", DOC_COL_INT, 8, true, NULL};
	cols[k++] = (struct doc_col){"Thay đổi hạng", DOC_COL_INT, 8, false, NULL};
	struct doc_table *tb = doc_table_new(d, "Xếp hạng", "Bảng xếp hạng", cols, k);
	struct chart_bar *bars = arena_array(a, 40, sizeof *bars);
	for (size_t i = 0; i < n; i++) {
		struct doc_cell *c = doc_row(tb);
		double idx = 99.0 - 60.0 * (double)i / (double)n;
		doc_set_num(&c[0], (double)(i + 1));
		doc_set_text(&c[1], arena_printf(a, "U%05zu", i));
		doc_set_text(&c[2], arena_printf(a, "%s %zu", names[i % 8], i));
		doc_set_num(&c[3], idx);
		doc_set_num(&c[4], 100);
		doc_set_num(&c[5], idx);
		doc_set_text(&c[6], idx >= 90 ? "A" : idx >= 80 ? "B" : idx >= 70 ? "C" : "D");
		doc_set_text(&c[7], "ok");
		for (int t = 0; t < DOMAINS; t++)
			doc_set_num(&c[8 + t], idx / DOMAINS + t * 0.01);
		doc_set_num(&c[8 + DOMAINS], 0);
		doc_set_num(&c[9 + DOMAINS], (double)((long)(i % 7) - 3));
		if (i < 40)
			bars[i] = (struct chart_bar){.label = c[2].text, .value = idx, .band = 0,
			                             .rank = (int)i + 1};
	}
	struct chart_ranking_spec spec = {0};
	spec.opts.png_scale = 1.5;
	spec.opts.width = 700;
	spec.bars = bars;
	spec.nbars = n < 40 ? n : 40;
	struct str png;
	str_init(&png, 0);
	if (chart_ranking_draw(&spec, CHART_PNG, &png) == PX_OK)
		doc_chart_png(d, "Biểu đồ xếp hạng", &png, 0);
	str_free(&png);
	return d;
}

/* One run in a child: wall ms through the pipe, peak RSS from wait4. */
static int run(enum doc_format f, size_t n, double *ms, double *cpu_ms, long *rss_kb,
               size_t *bytes)
{
	int fds[2];
	if (pipe(fds))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		double t0 = now_ms();
		struct arena *a = arena_new();
		struct doc *d = build(a, n);
		struct str out;
		str_init(&out, (size_t)1 << 30);
		enum px_err e = doc_render(d, f, &out);
		double res[2] = {now_ms() - t0, (double)out.len};
		if (e != PX_OK)
			res[0] = -1;
		ssize_t w = write(fds[1], res, sizeof res);
		_exit(w == (ssize_t)sizeof res ? 0 : 1);
	}
	close(fds[1]);
	double res[2] = {-1, 0};
	ssize_t r = read(fds[0], res, sizeof res);
	close(fds[0]);
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0 || r != (ssize_t)sizeof res || res[0] < 0)
		return -1;
	*ms = res[0];
	*cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	          (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	*rss_kb = ru.ru_maxrss;
	*bytes = (size_t)res[1];
	return 0;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 12000;
	const char *fmt[] = {"xlsx", "pdf"};
	for (int f = 0; f < 2; f++) {
		double best = 1e30, best_cpu = 1e30;
		long rss = 0;
		size_t bytes = 0;
		for (int i = 0; i < RUNS; i++) {
			double ms, cpu;
			long kb;
			if (run((enum doc_format)f, n, &ms, &cpu, &kb, &bytes)) {
				fprintf(stderr, "bench_report: %s failed\n", fmt[f]);
				return 1;
			}
			if (ms < best)
				best = ms;
			if (cpu < best_cpu)
				best_cpu = cpu;
			if (kb > rss)
				rss = kb;
		}
		bool ok = best < 1000 && rss < 200 * 1024;
		printf("report ranking %zu units %-4s: %8.1f ms wall, %8.1f ms CPU (target < 1000), "
		       "peak %6.1f MB (target < 200), %zu bytes  %s\n",
		       n, fmt[f], best, best_cpu, (double)rss / 1024.0, bytes,
		       ok ? "ok" : "OVER TARGET");
	}
	return 0;
}
