/*
 * gen_dossier: a deterministic generator of synthetic dossier files in
 * the interchange format (shared/formats/dossiers.md), for the benchmark
 * (bench/dossier/run.sh) and the comparison test (tests/cli).
 *
 *   gen_dossier [-n ROWS] [-u UNITS] [-s SEED] [-m MONTHS] [--messy]
 *               [--empty-due PCT] [--dups K] [--units-csv FILE]
 *               [--procedures-csv FILE] [-o FILE]
 *
 * Rows are ~130 bytes (10 million rows are ~1.3 GB; ~175 with --messy),
 * spread over UNITS units (default 600) and MONTHS months from 2023-01 (default 36), with
 * the mix of a city's one-stop system: 82 % finished (most on time),
 * some still processing, rejected or withdrawn; half online; ratings on
 * about half of the finished ones. Datetimes are mostly local without an
 * offset, some in UTC (Z) or with an offset, some deadlines are dates.
 * Some dossiers are received at 23:30 local on a month's last day, some
 * finish exactly at their deadline or the deadline is a month's last
 * second: the boundaries of the definitions.
 *
 * Units and months come in random order (a row's unit and receipt time
 * are drawn independently for every row), a tenth of the units receive
 * about a third of the dossiers (district offices next to small
 * communes), and about 10 % of the dossiers are still processing (empty
 * finished_at).
 *
 * --messy adds what RFC 4180 allows and real exports do: a BOM, CRLF
 * line ends, quoted fields, an `applicant` column with a Vietnamese name
 * and address on every row (diacritics, commas, sometimes a quoted
 * company name with "" inside), a `note` column with commas, quotes and
 * line breaks, booleans as true/FALSE, times without seconds. This is the
 * file of the benchmark (bench/dossier/run.sh). --empty-due PCT
 * leaves that share of deadlines empty (the catalogue then gives them;
 * see --procedures-csv). --dups K repeats K earlier codes (an invalid
 * file). --units-csv and --procedures-csv write the matching register
 * and catalogue files. Same arguments, same bytes.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROCEDURES 2000

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static bool chance(unsigned pct)
{
	return below(1000) < pct * 10;
}

/* days from civil (Hinnant), for years >= 1 */
static int64_t civil_days(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = yy / 400, yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return len[m - 1];
}

/* A local time (seconds since 1970-01-01 00:00 local) written in one of
 * the forms of the format. */
static int put_time(char *out, int64_t local, bool messy)
{
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int secs = (int)(local - days * 86400);
	int y, m, d;
	unsigned form = below(100);
	if (form < 5) { /* UTC */
		int64_t u = local - 7 * 3600;
		days = u >= 0 ? u / 86400 : (u - 86399) / 86400;
		secs = (int)(u - days * 86400);
		civil_from(days, &y, &m, &d);
		return sprintf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, secs / 3600,
		               secs / 60 % 60, secs % 60);
	}
	civil_from(days, &y, &m, &d);
	if (form < 9)
		return sprintf(out, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", y, m, d, secs / 3600,
		               secs / 60 % 60, secs % 60);
	if (form < 11) { /* the same instant at UTC+09:00 */
		int64_t o = local + 2 * 3600;
		days = o >= 0 ? o / 86400 : (o - 86399) / 86400;
		secs = (int)(o - days * 86400);
		civil_from(days, &y, &m, &d);
		return sprintf(out, "%04d-%02d-%02dT%02d:%02d:%02d+09:00", y, m, d, secs / 3600,
		               secs / 60 % 60, secs % 60);
	}
	if (messy && form < 16 && secs % 60 == 0)
		return sprintf(out, "%04d-%02d-%02dT%02d:%02d", y, m, d, secs / 3600, secs / 60 % 60);
	return sprintf(out, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, secs / 3600, secs / 60 % 60,
	               secs % 60);
}

static int put_bool(char *out, bool v, bool messy)
{
	if (messy && chance(10))
		return sprintf(out, "%s", v ? (chance(50) ? "true" : "TRUE") : (chance(50) ? "false" : "FALSE"));
	if (!v && chance(3))
		return 0; /* empty = 0 */
	return sprintf(out, "%c", v ? '1' : '0');
}

/* Appends field text, quoting it in messy mode now and then. */
static char *field(char *p, const char *text, bool messy)
{
	if (messy && chance(8)) {
		*p++ = '"';
		for (const char *s = text; *s; s++) {
			if (*s == '"')
				*p++ = '"';
			*p++ = *s;
		}
		*p++ = '"';
	} else {
		p += sprintf(p, "%s", text);
	}
	return p;
}

/* Appends the applicant: a Vietnamese name and an address, always with a
 * comma (so quoted), now and then a company name with quotes inside. */
static char *applicant(char *p)
{
	static const char *const ho[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh",
	                                 "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
	                                 "Ngô", "Dương", "Lý"};
	static const char *const dem[] = {"Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc",
	                                  "Quốc", "Thanh", "Xuân"};
	static const char *const ten[] = {"An", "Bình", "Cường", "Dũng", "Hà", "Hạnh",
	                                  "Hương", "Khánh", "Linh", "Lộc", "Mai", "Nam",
	                                  "Phúc", "Quang", "Thảo", "Trâm", "Tuấn", "Yến"};
	static const char *const xa[] = {"Đại Thành", "Phú Xuyên", "Thạch Thất", "Sóc Sơn",
	                                 "Ứng Hòa", "Mê Linh", "Quốc Oai", "Đông Anh"};
	if (chance(4))
		return p + sprintf(p, "\"Công ty TNHH \"\"%s %s\"\", %s\"", ho[below(16)],
		                   ten[below(18)], xa[below(8)]);
	return p + sprintf(p, "\"%s %s %s, thôn %u, xã %s\"", ho[below(16)], dem[below(10)],
	                   ten[below(18)], 1 + below(12), xa[below(8)]);
}

static void usage(void)
{
	fprintf(stderr, "usage: gen_dossier [-n ROWS] [-u UNITS] [-s SEED] [-m MONTHS] [--messy]\n"
	                "       [--empty-due PCT] [--dups K] [--units-csv FILE]\n"
	                "       [--procedures-csv FILE] [-o FILE]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	long long rows = 10000000;
	unsigned units = 600, months = 36, empty_due = 0;
	long long dups = 0;
	uint64_t seed = 20240601;
	bool messy = false;
	const char *units_csv = NULL, *procs_csv = NULL, *outpath = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--messy"))
			messy = true;
		else if (!v)
			usage();
		else if (!strcmp(a, "-n"))
			rows = atoll(v), i++;
		else if (!strcmp(a, "-u"))
			units = (unsigned)atoi(v), i++;
		else if (!strcmp(a, "-s"))
			seed = (uint64_t)atoll(v), i++;
		else if (!strcmp(a, "-m"))
			months = (unsigned)atoi(v), i++;
		else if (!strcmp(a, "--empty-due"))
			empty_due = (unsigned)atoi(v), i++;
		else if (!strcmp(a, "--dups"))
			dups = atoll(v), i++;
		else if (!strcmp(a, "--units-csv"))
			units_csv = v, i++;
		else if (!strcmp(a, "--procedures-csv"))
			procs_csv = v, i++;
		else if (!strcmp(a, "-o"))
			outpath = v, i++;
		else
			usage();
	}
	if (rows < 0 || units < 1 || units > 99999 || months < 1 || months > 1200)
		usage();
	rng_state = seed;
	/* processing time of each procedure (working days) */
	static int proc_days[PROCEDURES];
	for (int i = 0; i < PROCEDURES; i++)
		proc_days[i] = 1 + (int)below(15);
	if (units_csv) {
		FILE *f = fopen(units_csv, "w");
		if (!f) {
			perror(units_csv);
			return 1;
		}
		fprintf(f, "code,name,kind,parent,valid_from,valid_to,successor,payroll_quota\n");
		fprintf(f, "HN,Thành phố Hà Nội,city,,,,,\n");
		for (unsigned u = 0; u < units; u++)
			fprintf(f, "XA-%04u,Xã %04u,commune,HN,,,,\n", u, u);
		fclose(f);
	}
	if (procs_csv) {
		FILE *f = fopen(procs_csv, "w");
		if (!f) {
			perror(procs_csv);
			return 1;
		}
		fprintf(f, "code,name,processing_days,online_kind\n");
		for (int i = 0; i < PROCEDURES; i++)
			fprintf(f, "1.%06d.000.00.00.H26,Thủ tục %d,%d,%s\n", i, i, proc_days[i],
			        i % 3 == 0 ? "full" : i % 3 == 1 ? "partial" : "none");
		fclose(f);
	}
	FILE *out = outpath ? fopen(outpath, "wb") : stdout;
	if (!out) {
		perror(outpath);
		return 1;
	}
	static char obuf[1 << 20];
	setvbuf(out, obuf, _IOFBF, sizeof obuf);
	const char *eol = messy ? "\r\n" : "\n";
	if (messy)
		fputs("\xEF\xBB\xBF", out);
	fprintf(out, "dossier_code,unit_code,procedure_code,channel,online_kind,received_at,due_at,"
	             "finished_at,status,paid_online,digitized,result_digitized,rating%s%s",
	        messy ? ",applicant,note" : "", eol);
	int64_t start = civil_days(2023, 1, 1) * 86400;
	int y_end, m_end;
	y_end = 2023 + (int)((months) / 12);
	m_end = 1 + (int)(months % 12);
	int64_t stop = civil_days(y_end, m_end, 1) * 86400;
	int64_t span = stop - start;
	long long dup_every = dups > 0 && rows > dups ? rows / dups : 0;
	char line[4096];
	for (long long i = 0; i < rows; i++) {
		char *p = line;
		/* a tenth of the units (the first ones) get a third more */
		unsigned u = chance(25) ? below(units / 10 + 1) : below(units);
		int proc = (int)below(PROCEDURES);
		int64_t recv = start + (int64_t)(rnd() % (uint64_t)span);
		if (chance(1)) {
			/* 23:30 local on the last day of its month */
			int64_t days = recv / 86400;
			int y, m, d;
			civil_from(days, &y, &m, &d);
			recv = civil_days(y, m, days_in_month(y, m)) * 86400 + 23 * 3600 + 30 * 60;
		} else {
			/* office hours mostly */
			int64_t days = recv / 86400;
			recv = days * 86400 + 7 * 3600 + (int64_t)(rnd() % (11 * 3600));
		}
		if (messy && chance(5))
			recv -= recv % 60; /* a time written without seconds */
		int y, m, d;
		civil_from(recv / 86400, &y, &m, &d);
		char code[64];
		long long code_no = i;
		if (dup_every && i > 0 && i % dup_every == 0)
			code_no = i - 1; /* the previous row's code again */
		{
			/* the code depends on its number only, so a repeat is exact */
			uint64_t h = (uint64_t)code_no * 0x9E3779B97F4A7C15ULL;
			h ^= h >> 29;
			snprintf(code, sizeof code, "H26-%010lld-%04u", code_no,
			         (unsigned)(h % 10000));
		}
		int pdays = proc_days[proc];
		/* the deadline: a working-day count is the catalogue's job; here
		 * ~1.4 calendar days a working day, at 17:00 */
		int64_t due = (recv / 86400 + pdays * 7 / 5 + 1) * 86400 + 17 * 3600;
		unsigned status = below(100);
		const char *st = status < 82 ? "finished" : status < 92 ? "processing"
		               : status < 97 ? "rejected" : "withdrawn";
		bool finished = status < 82;
		int64_t fin = -1;
		if (finished || (status >= 92 && chance(50))) {
			unsigned late = below(100);
			int64_t took;
			if (late < 85)
				took = (int64_t)(rnd() % (uint64_t)(due - recv + 1));
			else if (late < 87)
				took = due - recv; /* exactly at the deadline */
			else
				took = due - recv + 1 + (int64_t)(rnd() % (40 * 86400));
			fin = recv + took;
		}
		bool online = below(100) < 50;
		const char *channel = online ? "online" : (chance(10) ? "postal" : "direct");
		const char *kind = online ? (chance(50) ? "full" : "partial") : (chance(30) ? "" : "none");
		bool date_due = chance(10);
		bool month_end_due = chance(1);
		if (month_end_due) {
			int dy, dm, dd;
			civil_from(due / 86400, &dy, &dm, &dd);
			due = civil_days(dy, dm, days_in_month(dy, dm)) * 86400 + 86399;
		}
		p = field(p, code, messy);
		*p++ = ',';
		char unit[32];
		snprintf(unit, sizeof unit, "XA-%04u", u);
		p = field(p, unit, messy);
		*p++ = ',';
		char proccode[64];
		snprintf(proccode, sizeof proccode, "1.%06d.000.00.00.H26", proc);
		p = field(p, proccode, messy);
		*p++ = ',';
		p = field(p, channel, messy);
		*p++ = ',';
		p = field(p, kind, messy);
		*p++ = ',';
		p += put_time(p, recv, messy);
		*p++ = ',';
		if (empty_due && chance(empty_due)) {
			/* left to the catalogue */
		} else if (date_due || month_end_due) {
			int dy, dm, dd;
			civil_from(due / 86400, &dy, &dm, &dd);
			p += sprintf(p, "%04d-%02d-%02d", dy, dm, dd);
		} else {
			p += put_time(p, due, messy);
		}
		*p++ = ',';
		if (fin >= 0)
			p += put_time(p, fin, messy);
		*p++ = ',';
		p = field(p, st, messy);
		*p++ = ',';
		p += put_bool(p, online && chance(40), messy);
		*p++ = ',';
		p += put_bool(p, chance(70), messy);
		*p++ = ',';
		p += put_bool(p, finished && chance(60), messy);
		*p++ = ',';
		if (finished && chance(50)) {
			static const char r[] = "1223344445555555";
			*p++ = r[below(16)];
		}
		if (messy) {
			*p++ = ',';
			p = applicant(p);
			*p++ = ',';
			unsigned n = below(100);
			if (n < 5)
				p += sprintf(p, "\"ghi chú, có dấu phẩy\"");
			else if (n < 8)
				p += sprintf(p, "\"trích \"\"nguyên văn\"\"\"");
			else if (n < 11)
				p += sprintf(p, "\"dòng một\r\ndòng hai\"");
			else if (n < 13)
				p += sprintf(p, "\"\nchỉ LF\n\"");
		}
		p += sprintf(p, "%s", eol);
		fwrite(line, 1, (size_t)(p - line), out);
	}
	if (fflush(out) || (outpath && fclose(out))) {
		perror("write");
		return 1;
	}
	return 0;
}
