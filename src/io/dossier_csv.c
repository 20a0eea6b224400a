/*
 * The fast dossier CSV reader; see dossier_csv.h and
 * docs/internals/dossier.md (design, invariants, measurements).
 *
 * Why it is built this way:
 *
 * - Chunks for threads. The calling thread (the coordinator) reads the
 *   input in chunks of ~4 MiB and hands them to worker threads. A chunk
 *   must start at a record start, which a quoted field with line breaks
 *   makes hard to find from the middle of a file. The coordinator keeps
 *   the one fact that decides it: the parity of the number of quote
 *   characters since the start of the file. In RFC 4180 a line end is a
 *   record end exactly when that parity is even (quotes open and close
 *   fields, and "" inside a field adds two), so a chunk ends after the
 *   last LF at even parity; the bytes after it are carried into the next
 *   chunk. Counting quotes (and LFs, for line numbers) is a vectorised
 *   pass much faster than parsing, so the coordinator never limits the
 *   workers. A malformed row (a stray quote) is defined to end where the
 *   same rule says, so coordinator and workers always agree on where
 *   every record starts; the row is reported and skipped.
 * - Workers parse a chunk without looking outside it: fields are
 *   scanned 16 bytes at a time for , " CR LF and NUL (SSE2, the x86-64
 *   baseline; a byte loop elsewhere), typed by hand (fixed-position
 *   datetimes, words), and given to the caller. Quoted fields with ""
 *   are unescaped into a per-worker scratch buffer.
 * - Memory: a fixed ring of chunk buffers (2 x threads + 2), grown only
 *   for a single record longer than a chunk (up to 64 MiB: a longer one
 *   is an error, usually a quote never closed). Nothing else grows with
 *   the file except the uniqueness check, below.
 * - dossier_code uniqueness, exactly, in ~8 bytes a row: each worker
 *   keeps, per code, a 64-bit word of 24 hash bits and the 40-bit byte
 *   offset of the code in the file, in one of 4096 partitions chosen by
 *   12 more hash bits. After the pass, each partition (a few thousand
 *   words) goes through a small hash table; equal fingerprints are
 *   confirmed by reading both codes back from the file (pread), so a
 *   duplicate is never reported for two different codes, and never
 *   missed. Beyond the memory budget a worker writes its partitions to
 *   an unlinked temporary file and starts over; the check reads each
 *   partition's pieces back. A pipe is copied to such a file as it is
 *   read, so it can be read back too.
 * - Line numbers: every chunk knows its first line; the coordinator
 *   also records a checkpoint (offset, line) every 256 KiB, so the line
 *   of a duplicate found after the pass costs at most 256 KiB of
 *   counting.
 * - Problems are collected per chunk and merged in file order; no row
 *   reaches the caller twice and chunk_done sees chunks in file order.
 */
#include "io/dossier_csv.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/arena.h"
#include "base/datetime.h"
#include "base/mem.h"
#include "base/utf8.h"

#define CHUNK_DEFAULT ((size_t)4 << 20)
#define BUDGET_DEFAULT ((size_t)128 << 20)
#define MAX_RECORD ((size_t)64 << 20)
#define PAD 64                         /* readable bytes after a buffer's end */
#define CHECKPOINT_STEP ((size_t)256 << 10)
#define FP_PARTS 1024
#define PART_BITS 10
#define FP_BLOCK 62 /* entries per block: 512-byte blocks */
#define FP_SLAB ((size_t)1 << 20)
#define OFFSET_BITS 40
#define SHOW_MAX 80 /* bytes of a value quoted in a message */

static const char *const col_names[DCSV_NCOLS] = {
	"dossier_code", "unit_code", "procedure_code", "channel",   "online_kind",
	"received_at",  "due_at",    "finished_at",    "status",    "paid_online",
	"digitized",    "result_digitized", "rating"};
static const bool col_required[DCSV_NCOLS] = {
	[DCSV_CODE] = true,     [DCSV_UNIT] = true,     [DCSV_PROCEDURE] = true,
	[DCSV_CHANNEL] = true,  [DCSV_RECEIVED] = true, [DCSV_STATUS] = true};

const char *dcsv_col_name(enum dcsv_col c)
{
	return (unsigned)c < DCSV_NCOLS ? col_names[c] : "";
}

/* ---- input ---- */

struct source {
	const char *name;
	int fd;        /* input file or pipe; -1 for memory */
	int back_fd;   /* what pread reads: the file, or the spool of a pipe */
	bool spool;    /* a pipe: bytes read are appended to back_fd */
	const char *mem;
	size_t mem_len;
	uint64_t size; /* 0 when unknown (pipe) */
};

static int temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/parindex-dossier-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static bool write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

/* Reads up to n bytes at off from what was read so far; bytes read. */
static size_t src_pread(const struct source *s, void *buf, size_t n, uint64_t off)
{
	if (s->fd < 0) {
		if (off >= s->mem_len)
			return 0;
		size_t k = s->mem_len - off < n ? s->mem_len - off : n;
		memcpy(buf, s->mem + off, k);
		return k;
	}
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(s->back_fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* ---- vectorised scanning ---- */

/* Number of quote and LF bytes in p[0..n). */
static void count_quotes_lines(const char *p, size_t n, uint64_t *quotes, uint64_t *lines)
{
	uint64_t q = 0, l = 0;
	size_t i = 0;
#ifdef __SSE2__
	const __m128i vq = _mm_set1_epi8('"'), vl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	while (i + 16 <= n) {
		/* byte counters (each match subtracts -1), summed every 255 rounds */
		__m128i aq = zero, al = zero;
		size_t rounds = (n - i) / 16;
		if (rounds > 255)
			rounds = 255;
		for (size_t k = 0; k < rounds; k++, i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			aq = _mm_sub_epi8(aq, _mm_cmpeq_epi8(x, vq));
			al = _mm_sub_epi8(al, _mm_cmpeq_epi8(x, vl));
		}
		__m128i sq = _mm_sad_epu8(aq, zero), sl = _mm_sad_epu8(al, zero);
		q += (uint64_t)_mm_cvtsi128_si32(sq) + (uint64_t)_mm_cvtsi128_si32(_mm_srli_si128(sq, 8));
		l += (uint64_t)_mm_cvtsi128_si32(sl) + (uint64_t)_mm_cvtsi128_si32(_mm_srli_si128(sl, 8));
	}
#endif
	for (; i < n; i++) {
		q += p[i] == '"';
		l += p[i] == '\n';
	}
	*quotes = q;
	*lines = l;
}

static size_t count_lines(const char *p, size_t n)
{
	uint64_t q, l;
	count_quotes_lines(p, n, &q, &l);
	return (size_t)l;
}

/* First byte of p[0..end) that is , " CR LF or NUL, or end. *high is set
 * when a byte >= 0x80 was passed over. */
static inline const char *find_special(const char *p, const char *end, bool *high)
{
#ifdef __SSE2__
	const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, comma), _mm_cmpeq_epi8(x, quote)),
		                         _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, cr),
		                                                   _mm_cmpeq_epi8(x, lf)),
		                                      _mm_cmpeq_epi8(x, zero)));
		unsigned mask = (unsigned)_mm_movemask_epi8(m);
		unsigned hi = (unsigned)_mm_movemask_epi8(x);
		if (mask) {
			unsigned k = (unsigned)__builtin_ctz(mask);
			if (hi & ((1u << k) - 1))
				*high = true;
			return p + k;
		}
		if (hi)
			*high = true;
		p += 16;
	}
#endif
	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ',' || c == '"' || c == '\r' || c == '\n' || c == 0)
			return p;
		if (c >= 0x80)
			*high = true;
	}
	return end;
}

/* ---- fingerprints for dossier_code uniqueness ---- */

struct fp_block {
	struct fp_block *next;
	uint32_t n, pad;
	uint64_t e[FP_BLOCK];
};

struct fp_slab {
	struct fp_slab *next;
	size_t used;
	char mem[];
};

struct fp_run {
	uint64_t off[FP_PARTS];
	uint32_t count[FP_PARTS];
};

struct fp_set {
	struct fp_block *head[FP_PARTS]; /* the block being filled, then older ones */
	uint8_t fill[FP_PARTS];          /* entries in head[p] (its n is set when full) */
	struct fp_slab *slabs, *cur; /* cur: the slab blocks come from */
	size_t bytes, budget;
	size_t slab_size; /* FP_SLAB, smaller for a small budget (tests) */
	int fd; /* spill file, -1 until the first spill */
	uint64_t fd_size;
	struct fp_run **runs;
	size_t nruns;
	bool failed; /* a spill could not be written */
};

static uint64_t code_hash(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)n * 0xC2B2AE3D27D4EB4FULL);
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		w *= 0x87C37B91114253D5ULL;
		w ^= w >> 31;
		h = (h ^ w) * 0x9FB21C651E98DF25ULL;
		h ^= h >> 29;
		s += 8;
		n -= 8;
	}
	if (n) {
		uint64_t w = 0;
		memcpy(&w, s, n);
		w *= 0x87C37B91114253D5ULL;
		w ^= w >> 31;
		h = (h ^ w) * 0x9FB21C651E98DF25ULL;
	}
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	return h;
}

static struct fp_block *fp_new_block(struct fp_set *s)
{
	if (!s->cur || s->cur->used + sizeof(struct fp_block) > s->slab_size) {
		struct fp_slab *next = s->cur ? s->cur->next : s->slabs;
		if (!next) {
			next = xmalloc(sizeof *next + s->slab_size);
			next->next = NULL;
			if (s->cur)
				s->cur->next = next;
			else
				s->slabs = next;
			s->bytes += s->slab_size;
		}
		next->used = 0;
		s->cur = next;
	}
	struct fp_block *b = (struct fp_block *)(void *)(s->cur->mem + s->cur->used);
	s->cur->used += sizeof *b;
	b->n = 0;
	return b;
}

/* Entries in block b, the head of partition p or an older one. */
static uint32_t fp_count(const struct fp_set *s, size_t p, const struct fp_block *b)
{
	return b == s->head[p] ? s->fill[p] : b->n;
}

/* Writes every partition to the spill file and empties the set. */
static void fp_spill(struct fp_set *s)
{
	if (s->failed)
		return;
	if (s->fd < 0 && (s->fd = temp_file()) < 0) {
		s->failed = true;
		return;
	}
	struct fp_run *run = xcalloc(1, sizeof *run);
	uint64_t *buf = xmalloc(FP_SLAB);
	size_t nbuf = 0, cap = FP_SLAB / sizeof *buf;
	for (size_t p = 0; p < FP_PARTS; p++) {
		run->off[p] = s->fd_size + nbuf * sizeof *buf;
		uint32_t count = 0;
		for (struct fp_block *b = s->head[p]; b; b = b->next) {
			uint32_t bn = fp_count(s, p, b);
			for (uint32_t i = 0; i < bn; i++) {
				if (nbuf == cap) {
					if (!write_all(s->fd, buf, nbuf * sizeof *buf))
						s->failed = true;
					s->fd_size += nbuf * sizeof *buf;
					nbuf = 0;
				}
				buf[nbuf++] = b->e[i];
			}
			count += bn;
		}
		run->count[p] = count;
		s->head[p] = NULL;
		s->fill[p] = 0;
	}
	if (nbuf && !write_all(s->fd, buf, nbuf * sizeof *buf))
		s->failed = true;
	s->fd_size += nbuf * sizeof *buf;
	free(buf);
	s->runs = xrealloc(s->runs, size_mul(s->nruns + 1, sizeof *s->runs));
	s->runs[s->nruns++] = run;
	s->cur = NULL; /* reuse the slabs from the first */
}

static void fp_add(struct fp_set *s, uint64_t hash, uint64_t offset)
{
	size_t p = (size_t)(hash >> (64 - PART_BITS));
	uint64_t e = (((hash >> 20) & 0xFFFFFF) << OFFSET_BITS) | offset;
	struct fp_block *b = s->head[p];
	if (!b || s->fill[p] == FP_BLOCK) {
		if (s->cur && s->cur->used + sizeof *b > s->slab_size && !s->cur->next &&
		    s->bytes >= s->budget) {
			fp_spill(s);
			b = NULL;
		}
		if (b)
			b->n = FP_BLOCK;
		struct fp_block *nb = fp_new_block(s);
		nb->next = s->head[p];
		s->head[p] = nb;
		s->fill[p] = 0;
		b = nb;
	}
	b->e[s->fill[p]++] = e;
}


static void fp_free(struct fp_set *s)
{
	if (!s)
		return;
	for (struct fp_slab *x = s->slabs, *next; x; x = next) {
		next = x->next;
		free(x);
	}
	for (size_t i = 0; i < s->nruns; i++)
		free(s->runs[i]);
	free(s->runs);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

/* ---- chunks and the reader ---- */

struct chunk_err {
	long line, col;
	const char *vi, *en;
};

struct dcsv_chunk {
	struct reader *r;
	struct arena *arena; /* created on first use, freed when consumed */
	void *user;
	struct chunk_err *errs;
	size_t nerrs, caperrs;
	size_t errors; /* all problems, kept or not */
	long rows;
};

enum job_state { JOB_FREE, JOB_READY, JOB_RUNNING, JOB_DONE };

struct job {
	char *buf; /* file input: owned buffer */
	size_t cap;
	const char *data; /* the chunk: data[0..len) */
	size_t len;
	uint64_t offset; /* of data[0] in the input */
	long line;       /* of data[0] */
	enum job_state state;
	struct dcsv_chunk ch;
};

struct checkpoint {
	uint64_t off;
	long line;
};

struct worker {
	struct reader *r;
	void *user;
	struct fp_set *fp;
	char *scratch; /* unescaped quoted fields */
	size_t scratch_cap;
	pthread_t thread;
};

struct reader {
	struct source src;
	const struct dcsv_options *o;
	const struct dcsv_ops *ops;
	struct diags *d;
	size_t chunk_size;
	/* header */
	size_t ncols;
	signed char *colmap; /* header column -> enum dcsv_col, or -1 */
	int colnum[DCSV_NCOLS];
	bool header_done;
	/* jobs */
	struct job *jobs;
	size_t njobs, next_fill, next_consume;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	bool stop;
	/* input position */
	uint64_t fill_off; /* input offset of the next chunk */
	uint64_t read_off; /* bytes read from fd so far */
	long fill_line;
	bool eof, fatal, io_error;
	const char *carry; /* file input: bytes after the last chunk */
	size_t ncarry;
	/* line checkpoints */
	struct checkpoint *cps;
	size_t ncps, capcps;
	/* problems merged in file order */
	struct chunk_err *errs;
	size_t nerrs, caperrs, errors;
	struct arena *err_arena;
	/* workers */
	struct worker *workers;
	size_t nworkers;
	long rows;
	size_t bytes;
	size_t spills;
};

static struct arena *chunk_arena(struct dcsv_chunk *ch)
{
	if (!ch->arena)
		ch->arena = arena_new();
	return ch->arena;
}

void dcsv_error(struct dcsv_chunk *ch, long line, int col, const char *vi, const char *en)
{
	ch->errors++;
	if (ch->nerrs >= DIAGS_KEEP)
		return;
	if (ch->nerrs == ch->caperrs) {
		ch->caperrs = ch->caperrs ? ch->caperrs * 2 : 16;
		ch->errs = xrealloc(ch->errs, size_mul(ch->caperrs, sizeof *ch->errs));
	}
	struct arena *a = chunk_arena(ch);
	ch->errs[ch->nerrs++] = (struct chunk_err){line, col, arena_strdup(a, vi), arena_strdup(a, en)};
}

void dcsv_errorf(struct dcsv_chunk *ch, long line, int col, const char *fmt_vi,
                 const char *fmt_en, ...)
{
	char vi[1024], en[1024];
	va_list ap;
	va_start(ap, fmt_en);
	va_list ap2;
	va_copy(ap2, ap);
	vsnprintf(vi, sizeof vi, fmt_vi, ap2);
	va_end(ap2);
	vsnprintf(en, sizeof en, fmt_en, ap);
	va_end(ap);
	dcsv_error(ch, line, col, vi, en);
}

int dcsv_column(const struct dcsv_chunk *ch, enum dcsv_col c)
{
	return (unsigned)c < DCSV_NCOLS ? ch->r->colnum[c] : 0;
}

void *dcsv_chunk_alloc(struct dcsv_chunk *ch, size_t n)
{
	return arena_alloc(chunk_arena(ch), n);
}

void **dcsv_chunk_user(struct dcsv_chunk *ch)
{
	return &ch->user;
}

size_t dcsv_chunk_errors(const struct dcsv_chunk *ch)
{
	return ch->errors;
}

/* A value for a message: at most SHOW_MAX bytes, cut at a character. */
static int shown(const char *s, size_t n)
{
	if (n <= SHOW_MAX)
		return (int)n;
	size_t k = SHOW_MAX;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return (int)k;
}

/* ---- datetimes ---- */

static inline int two_digits(const char *s)
{
	unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';
	return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

/* Day number of y-m-d for years 1..9999 (non-negative operands). */
static inline int64_t civil_days(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = yy / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static inline int month_days(int y, int m)
{
	static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return len[m - 1];
}

bool dcsv_parse_datetime(const char *s, size_t n, bool allow_date, int64_t *t, bool *date_only,
                         int32_t *month)
{
	if (n < 10 || s[4] != '-' || s[7] != '-')
		return false;
	int y1 = two_digits(s), y2 = two_digits(s + 2), mo = two_digits(s + 5),
	    d = two_digits(s + 8);
	if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1)
		return false;
	int y = y1 * 100 + y2;
	if (y < 1 || d > month_days(y, mo))
		return false;
	int64_t days = civil_days(y, mo, d);
	if (n == 10) {
		if (!allow_date)
			return false;
		*t = days * 86400 - VN_UTC_OFFSET + 86399;
		*date_only = true;
		*month = y * 12 + mo - 1;
		return true;
	}
	if (n < 16 || s[10] != 'T' || s[13] != ':')
		return false;
	int hh = two_digits(s + 11), mi = two_digits(s + 14), ss = 0;
	if (hh < 0 || hh > 23 || mi < 0 || mi > 59)
		return false;
	size_t pos = 16;
	if (n - pos >= 3 && s[pos] == ':') {
		ss = two_digits(s + pos + 1);
		if (ss < 0 || ss > 59)
			return false;
		pos += 3;
	}
	int offset = VN_UTC_OFFSET;
	if (n - pos == 1 && s[pos] == 'Z') {
		offset = 0;
		pos++;
	} else if (n - pos == 6) {
		const char *o = s + pos;
		int oh = two_digits(o + 1), om = two_digits(o + 4);
		if ((o[0] != '+' && o[0] != '-') || o[3] != ':' || oh < 0 || om < 0 || om > 59 ||
		    oh * 3600 + om * 60 > 14 * 3600)
			return false;
		offset = (o[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
		pos += 6;
	}
	if (pos != n)
		return false;
	int64_t when = days * 86400 + hh * 3600 + mi * 60 + ss - offset;
	if (offset == VN_UTC_OFFSET) {
		*month = y * 12 + mo - 1;
	} else {
		/* the local date: refuse one outside years 1..9999 */
		int32_t local = datetime_local_date(when);
		int ly, lm, ld;
		date_to_ymd(local, &ly, &lm, &ld);
		if (ly < 1 || ly > 9999)
			return false;
		*month = ly * 12 + lm - 1;
	}
	*t = when;
	*date_only = false;
	return true;
}

/* ---- parsing a chunk ---- */

struct field {
	const char *raw; /* first byte of the field (the quote if quoted) */
	const char *s;   /* value (unescaped when esc) */
	size_t n;
	long line;
	bool esc; /* quoted with "" inside: s must be unescaped */
	bool present;
};

/* Skips a malformed record that starts at rec: it ends at the first LF
 * after which the quote count from rec is even (the coordinator's rule),
 * or at end. Returns the byte after it; *line counts its LFs. */
static const char *skip_record(const char *rec, const char *end, long *line, long rec_line)
{
	unsigned parity = 0;
	long l = rec_line;
	const char *p = rec;
	for (; p < end; p++) {
		if (*p == '"')
			parity ^= 1;
		else if (*p == '\n') {
			l++;
			if (!parity) {
				p++;
				break;
			}
		}
	}
	*line = l;
	return p;
}

/* A value for a message: at most SHOW_MAX bytes, control characters
 * escaped so a message stays on one line. */
static void show_value(char *out, size_t size, const char *s, size_t n)
{
	size_t k = (size_t)shown(s, n), o = 0;
	for (size_t i = 0; i < k && o + 3 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20) {
			out[o++] = '\\';
			out[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : '?';
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = 0;
}

static void err_value(struct dcsv_chunk *ch, const struct field *f, int col, const char *name,
                      const char *what_vi, const char *what_en)
{
	char vi[512], en[512], v[2 * SHOW_MAX + 4];
	show_value(v, sizeof v, f->s, f->n);
	snprintf(vi, sizeof vi, "cột %s: %s: \"%s\"", name, what_vi, v);
	snprintf(en, sizeof en, "column %s: %s: \"%s\"", name, what_en, v);
	dcsv_error(ch, f->line, col, vi, en);
}

static void err_missing(struct dcsv_chunk *ch, long line, int col, const char *name)
{
	dcsv_errorf(ch, line, col, "thiếu giá trị bắt buộc ở cột %s",
	            "missing required value in column %s", name);
}

static bool parse_bool(const char *s, size_t n, bool *out)
{
	if (n == 0 || (n == 1 && s[0] == '0')) {
		*out = false;
		return true;
	}
	if (n == 1 && s[0] == '1') {
		*out = true;
		return true;
	}
	if (n == 4 && !strncasecmp(s, "true", 4)) {
		*out = true;
		return true;
	}
	if (n == 5 && !strncasecmp(s, "false", 5)) {
		*out = false;
		return true;
	}
	return false;
}

/* Unescapes "" in the fields that need it into w->scratch. */
static void unescape_fields(struct worker *w, struct field *f, size_t need)
{
	if (need > w->scratch_cap) {
		w->scratch_cap = need > 2 * w->scratch_cap ? need : 2 * w->scratch_cap;
		w->scratch = xrealloc(w->scratch, w->scratch_cap);
	}
	char *out = w->scratch;
	for (int c = 0; c < DCSV_NCOLS; c++) {
		if (!f[c].present || !f[c].esc)
			continue;
		char *start = out;
		for (size_t i = 0; i < f[c].n; i++) {
			*out++ = f[c].s[i];
			if (f[c].s[i] == '"')
				i++; /* the second of "" */
		}
		f[c].s = start;
		f[c].n = (size_t)(out - start);
	}
}

/* Types the fields of a syntactically good record; reports problems and
 * returns false when one is bad. */
static bool type_row(struct reader *r, struct dcsv_chunk *ch, struct field *f, struct dcsv_row *row)
{
	bool ok = true;
	const int *cn = r->colnum;
	struct dossier *d = &row->d;
	memset(d, 0, sizeof *d);
	for (int c = 0; c < DCSV_NCOLS; c++)
		row->field_line[c] = f[c].present ? f[c].line : row->line;
	for (int c = 0; c < DCSV_NCOLS; c++) {
		if (col_required[c] && f[c].n == 0) {
			err_missing(ch, row->field_line[c], cn[c], col_names[c]);
			ok = false;
		}
	}
	row->code = f[DCSV_CODE].s;
	row->code_len = f[DCSV_CODE].n;
	row->unit = f[DCSV_UNIT].s;
	row->unit_len = f[DCSV_UNIT].n;
	row->procedure = f[DCSV_PROCEDURE].s;
	row->procedure_len = f[DCSV_PROCEDURE].n;
	struct field *x;
	x = &f[DCSV_CHANNEL];
	if (x->n && !dossier_channel_parse(x->s, x->n, &d->channel)) {
		err_value(ch, x, cn[DCSV_CHANNEL], "channel", "giá trị không hợp lệ (direct, online, postal)",
		          "invalid value, expected direct, online or postal");
		ok = false;
	}
	x = &f[DCSV_ONLINE_KIND];
	if (x->n && !dossier_online_parse(x->s, x->n, &d->online_kind)) {
		err_value(ch, x, cn[DCSV_ONLINE_KIND], "online_kind",
		          "giá trị không hợp lệ (none, partial, full hoặc để trống)",
		          "invalid value, expected none, partial, full or empty");
		ok = false;
	}
	x = &f[DCSV_STATUS];
	if (x->n && !dossier_status_parse(x->s, x->n, &d->status)) {
		err_value(ch, x, cn[DCSV_STATUS], "status",
		          "giá trị không hợp lệ (processing, finished, rejected, withdrawn)",
		          "invalid value, expected processing, finished, rejected or withdrawn");
		ok = false;
	}
	bool date_only;
	x = &f[DCSV_RECEIVED];
	if (x->n && !dcsv_parse_datetime(x->s, x->n, false, &d->received_at, &date_only,
	                                 &d->received_month)) {
		err_value(ch, x, cn[DCSV_RECEIVED], "received_at",
		          "thời điểm không hợp lệ, cần YYYY-MM-DDTHH:MM[:SS] và có thể thêm Z hoặc ±HH:MM",
		          "invalid datetime, expected YYYY-MM-DDTHH:MM[:SS] with an optional Z or ±HH:MM");
		ok = false;
	}
	x = &f[DCSV_DUE];
	row->due_given = x->n > 0;
	row->due_date_only = false;
	if (x->n && !dcsv_parse_datetime(x->s, x->n, true, &d->due_at, &row->due_date_only,
	                                 &d->due_month)) {
		err_value(ch, x, cn[DCSV_DUE], "due_at",
		          "hạn không hợp lệ, cần YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM[:SS] và có thể thêm Z "
		          "hoặc ±HH:MM",
		          "invalid deadline, expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] with an optional "
		          "Z or ±HH:MM");
		ok = false;
	}
	x = &f[DCSV_FINISHED];
	d->has_finished = x->n > 0;
	d->finished_month = DOSSIER_NO_MONTH;
	if (x->n && !dcsv_parse_datetime(x->s, x->n, false, &d->finished_at, &date_only,
	                                 &d->finished_month)) {
		err_value(ch, x, cn[DCSV_FINISHED], "finished_at",
		          "thời điểm không hợp lệ, cần YYYY-MM-DDTHH:MM[:SS] và có thể thêm Z hoặc ±HH:MM",
		          "invalid datetime, expected YYYY-MM-DDTHH:MM[:SS] with an optional Z or ±HH:MM");
		ok = false;
	}
	static const struct {
		int col;
		size_t off;
	} bools[] = {{DCSV_PAID, offsetof(struct dossier, paid_online)},
	             {DCSV_DIGITIZED, offsetof(struct dossier, digitized)},
	             {DCSV_RESULT_DIGITIZED, offsetof(struct dossier, result_digitized)}};
	for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
		x = &f[bools[i].col];
		bool *out = (bool *)(void *)((char *)d + bools[i].off);
		if (!parse_bool(x->s, x->n, out)) {
			err_value(ch, x, cn[bools[i].col], col_names[bools[i].col],
			          "cần 0, 1, true, false hoặc để trống", "expected 0, 1, true, false or empty");
			ok = false;
		}
	}
	x = &f[DCSV_RATING];
	if (x->n == 1 && x->s[0] >= '1' && x->s[0] <= '5') {
		d->rating = x->s[0] - '0';
	} else if (x->n) {
		err_value(ch, x, cn[DCSV_RATING], "rating", "cần số nguyên 1..5 hoặc để trống",
		          "expected an integer 1..5 or empty");
		ok = false;
	}
	return ok;
}

/* Parses job's chunk with worker w. */
static void parse_chunk(struct worker *w, struct job *job)
{
	struct reader *r = w->r;
	struct dcsv_chunk *ch = &job->ch;
	const char *p = job->data, *end = job->data + job->len;
	long line = job->line;
	const signed char *colmap = r->colmap;
	const size_t ncols = r->ncols;
	struct field f[DCSV_NCOLS];
	/* a complete record sets every column the header has; the others
	 * stay empty */
	memset(f, 0, sizeof f);
	long rows = 0; /* counted here: job structs share cache lines */
	while (p < end) {
		if (*p == '\n') {
			line++;
			p++;
			continue;
		}
		if (*p == '\r' && end - p >= 2 && p[1] == '\n') {
			line++;
			p += 2;
			continue;
		}
		const char *rec = p;
		long rec_line = line;
		rows++;
		size_t nf = 0;
		bool broken = false, bad_text = false, esc_any = false;
		long stray_line = 0, after_line = 0;
		int stray_col = 0, after_col = 0;
		for (;;) {
			const char *fs = p;
			long fline = line;
			const char *vs, *ve;
			bool high = false, esc = false;
			int col = (int)nf + 1;
			if (p < end && *p == '"') {
				const char *q = p + 1;
				for (;;) {
					const char *e = memchr(q, '"', (size_t)(end - q));
					if (!e) {
						dcsv_error(ch, fline, col, "dấu nháy kép mở ở đây chưa được đóng",
						           "quoted field opened here is not closed");
						broken = true;
						break;
					}
					if (e + 1 < end && e[1] == '"') {
						esc = true;
						q = e + 2;
						continue;
					}
					vs = p + 1;
					ve = e;
					p = e + 1;
					break;
				}
				if (broken)
					break;
				/* line breaks, NUL and non-ASCII inside the quotes */
				for (const char *k = vs; k < ve; k++) {
					unsigned char c = (unsigned char)*k;
					if (c == '\n')
						line++;
					else if (c >= 0x80)
						high = true;
					else if (c == 0) {
						dcsv_error(ch, fline, col, "trường chứa ký tự NUL",
						           "the field contains a NUL byte");
						broken = true;
						break;
					}
				}
				if (broken)
					break;
				if (p < end && *p != ',' && *p != '\n' && !(*p == '\r' && end - p >= 2 && p[1] == '\n')) {
					after_line = line;
					after_col = col;
					broken = true;
					break;
				}
			} else {
				vs = p;
				p = find_special(p, end, &high);
				ve = p;
				if (p < end && *p == '"') {
					stray_line = line;
					stray_col = col;
					broken = true;
					break;
				}
				if (p < end && *p == '\0') {
					dcsv_error(ch, line, col, "trường chứa ký tự NUL",
					           "the field contains a NUL byte");
					broken = true;
					break;
				}
				if (p < end && *p == '\r' && !(end - p >= 2 && p[1] == '\n')) {
					dcsv_error(ch, line, col, "ký tự CR không đi kèm LF ngoài dấu nháy kép",
					           "carriage return (CR) without a line feed outside quotes");
					broken = true;
					break;
				}
			}
			if (high && !utf8_valid(vs, (size_t)(ve - vs), NULL)) {
				dcsv_error(ch, fline, col, "trường không phải UTF-8 hợp lệ",
				           "the field is not valid UTF-8");
				bad_text = true; /* the record is still well delimited: go on */
			}
			if (nf < ncols && colmap[nf] >= 0) {
				struct field *x = &f[colmap[nf]];
				x->raw = fs;
				x->s = vs;
				x->n = (size_t)(ve - vs);
				x->line = fline;
				x->esc = esc;
				x->present = true;
				esc_any |= esc;
			}
			nf++;
			if (p >= end)
				break;
			if (*p == ',') {
				p++;
				continue;
			}
			/* LF or CRLF */
			p += *p == '\r' ? 2 : 1;
			line++;
			break;
		}
		if (broken) {
			/* resynchronise on the coordinator's rule */
			p = skip_record(rec, end, &line, rec_line);
			/* the last line the row took (it ends with a LF, or at the end) */
			long last = p > rec && p[-1] == '\n' ? line - 1 : line;
			if (stray_line || after_line) {
				char vi[256], en[256];
				const char *wvi = stray_line ? "dấu nháy kép nằm giữa trường không được bao nháy"
				                             : "có ký tự sau dấu nháy kép đóng";
				const char *wen = stray_line ? "stray quote inside an unquoted field"
				                             : "text after a closing quote";
				long at = stray_line ? stray_line : after_line;
				if (last > at) {
					snprintf(vi, sizeof vi, "%s (dấu nháy lẻ: dòng %ld..%ld bị đọc thành một hàng)",
					         wvi, rec_line, last);
					snprintf(en, sizeof en, "%s (unbalanced quotes: lines %ld..%ld read as one row)",
					         wen, rec_line, last);
				} else {
					snprintf(vi, sizeof vi, "%s", wvi);
					snprintf(en, sizeof en, "%s", wen);
				}
				dcsv_error(ch, at, stray_line ? stray_col : after_col, vi, en);
			}
			continue;
		}
		if (bad_text)
			continue;
		if (nf != ncols) {
			dcsv_errorf(ch, rec_line, nf < ncols ? (int)nf + 1 : (int)ncols + 1,
			            "dòng có %zu trường, dòng tiêu đề có %zu cột",
			            "the row has %zu fields, the header has %zu columns", nf, ncols);
			continue;
		}
		if (esc_any)
			unescape_fields(w, f, (size_t)(p - rec));
		struct dcsv_row row;
		row.line = rec_line;
		bool ok = type_row(r, ch, f, &row);
		if (f[DCSV_CODE].n) {
			uint64_t off = job->offset + (uint64_t)(f[DCSV_CODE].raw - job->data);
			fp_add(w->fp, code_hash(f[DCSV_CODE].s, f[DCSV_CODE].n), off);
		}
		if (ok && r->ops->row)
			r->ops->row(w->user, ch, &row);
	}
	ch->rows = rows;
}

/* ---- the header ---- */

/* Reads the header record at the start of job's chunk (after a BOM and
 * lines with no bytes), fills the column map and moves the chunk past
 * it. False with problems in r->d when it is unusable. */
static bool more_input(const struct reader *r);

enum header_result { HEADER_OK, HEADER_BAD, HEADER_LATER };

static enum header_result read_header(struct reader *r, struct job *job)
{
	const char *p = job->data, *end = job->data + job->len;
	const char *name = r->src.name;
	long line = job->line;
	if (job->offset == 0 && end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end && (*p == '\n' || (*p == '\r' && end - p >= 2 && p[1] == '\n'))) {
		p += *p == '\r' ? 2 : 1;
		line++;
	}
	if (p == end) {
		/* only lines with no bytes so far: the header may follow */
		if (more_input(r)) {
			job->data = p;
			job->offset += job->len;
			job->len = 0;
			job->line = line;
			return HEADER_LATER;
		}
		diag_err(r->d, name, 1, 0, "tệp rỗng, thiếu dòng tiêu đề", "empty file, no header row");
		return HEADER_BAD;
	}
	long header_line = line;
	struct {
		const char *s;
		size_t n;
		bool esc;
	} *cols = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	for (;;) {
		const char *vs, *ve;
		bool high = false, esc = false;
		long col = (long)n + 1;
		if (p < end && *p == '"') {
			const char *q = p + 1, *e;
			for (;;) {
				e = memchr(q, '"', (size_t)(end - q));
				if (!e || e + 1 >= end || e[1] != '"')
					break;
				esc = true;
				q = e + 2;
			}
			if (!e) {
				diag_err(r->d, name, line, col, "dấu nháy kép mở ở đây chưa được đóng",
				         "quoted field opened here is not closed");
				ok = false;
				break;
			}
			vs = p + 1;
			ve = e;
			line += (long)count_lines(vs, (size_t)(ve - vs));
			high = true; /* check it below */
			p = e + 1;
			if (p < end && *p != ',' && *p != '\n' && !(*p == '\r' && end - p >= 2 && p[1] == '\n')) {
				diag_err(r->d, name, line, col, "có ký tự sau dấu nháy kép đóng",
				         "text after a closing quote");
				ok = false;
				break;
			}
		} else {
			vs = p;
			p = find_special(p, end, &high);
			ve = p;
			if (p < end && (*p == '"' || *p == 0 || (*p == '\r' && !(end - p >= 2 && p[1] == '\n')))) {
				diag_err(r->d, name, line, col, "dòng tiêu đề không đúng cú pháp CSV",
				         "the header row is not valid CSV");
				ok = false;
				break;
			}
		}
		if (high && (!utf8_valid(vs, (size_t)(ve - vs), NULL) || memchr(vs, 0, (size_t)(ve - vs)))) {
			diag_err(r->d, name, line, col, "tên cột không phải UTF-8 hợp lệ",
			         "the column name is not valid UTF-8");
			ok = false;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			cols = xrealloc(cols, size_mul(cap, sizeof *cols));
		}
		cols[n].s = vs;
		cols[n].n = (size_t)(ve - vs);
		cols[n].esc = esc;
		n++;
		if (n > 16384) {
			diag_err(r->d, name, header_line, (long)n, "dòng tiêu đề có quá nhiều cột",
			         "the header row has too many columns");
			ok = false;
			break;
		}
		if (p >= end)
			break;
		if (*p == ',') {
			p++;
			continue;
		}
		p += *p == '\r' ? 2 : 1;
		line++;
		break;
	}
	if (ok) {
		r->ncols = n;
		r->colmap = xmalloc(n);
		for (size_t i = 0; i < n; i++) {
			/* trimmed, ASCII case-folded; "" inside a name is rare enough
			 * to compare it raw */
			const char *s = cols[i].s;
			size_t k = cols[i].n;
			while (k && (*s == ' ' || *s == '\t')) {
				s++;
				k--;
			}
			while (k && (s[k - 1] == ' ' || s[k - 1] == '\t'))
				k--;
			r->colmap[i] = -1;
			for (int c = 0; c < DCSV_NCOLS; c++) {
				if (strlen(col_names[c]) != k || strncasecmp(col_names[c], s, k))
					continue;
				if (r->colnum[c]) {
					diag_err(r->d, name, header_line, (long)i + 1,
					         "tên cột \"%s\" bị trùng (đã có ở cột %d)",
					         "duplicate column name \"%s\" (also column %d)", col_names[c],
					         r->colnum[c]);
					ok = false;
				} else {
					r->colnum[c] = (int)i + 1;
					r->colmap[i] = (signed char)c;
				}
			}
		}
		for (int c = 0; c < DCSV_NCOLS; c++)
			if (col_required[c] && !r->colnum[c]) {
				diag_err(r->d, name, header_line, 0, "thiếu cột bắt buộc \"%s\"",
				         "missing required column \"%s\"", col_names[c]);
				ok = false;
			}
	}
	free(cols);
	if (!ok)
		return HEADER_BAD;
	size_t used = (size_t)(p - job->data);
	job->data = p;
	job->len -= used;
	job->offset += used;
	job->line = line;
	return HEADER_OK;
}

/* ---- the coordinator ---- */

static void add_checkpoint(struct reader *r, uint64_t off, long line)
{
	if (r->ncps && r->cps[r->ncps - 1].off >= off)
		return;
	if (r->ncps == r->capcps) {
		r->capcps = r->capcps ? r->capcps * 2 : 256;
		r->cps = xrealloc(r->cps, size_mul(r->capcps, sizeof *r->cps));
	}
	r->cps[r->ncps++] = (struct checkpoint){off, line};
}

/*
 * Where the chunk data[0..len) may end: after the last LF at even quote
 * parity (the chunk starts at even parity), or len at the end of the
 * input; 0 when there is no such LF. Records checkpoints for the part
 * kept and returns its LF count in *lines.
 */
static size_t find_boundary(struct reader *r, const char *data, size_t len, bool at_end,
                            uint64_t offset, long line, size_t *lines)
{
	uint64_t quotes = 0, lfs = 0;
	struct checkpoint local[64];
	size_t nlocal = 0;
	for (size_t pos = 0; pos < len; pos += CHECKPOINT_STEP) {
		size_t n = len - pos < CHECKPOINT_STEP ? len - pos : CHECKPOINT_STEP;
		if (nlocal < 64)
			local[nlocal++] = (struct checkpoint){pos, line + (long)lfs};
		uint64_t q, l;
		count_quotes_lines(data + pos, n, &q, &l);
		quotes += q;
		lfs += l;
	}
	size_t boundary = 0;
	if (at_end) {
		boundary = len;
	} else {
		unsigned parity = (unsigned)(quotes & 1);
		for (size_t i = len; i-- > 0;) {
			if (data[i] == '"')
				parity ^= 1;
			else if (data[i] == '\n' && !parity) {
				boundary = i + 1;
				break;
			}
		}
		if (!boundary)
			return 0;
	}
	*lines = (size_t)lfs - count_lines(data + boundary, len - boundary);
	for (size_t i = 0; i < nlocal; i++)
		if (local[i].off < boundary)
			add_checkpoint(r, offset + local[i].off, local[i].line);
	return boundary;
}

/* Reads more of a file or pipe into job->buf[job->len..cap). */
static bool read_more(struct reader *r, struct job *job)
{
	while (job->len < job->cap && !r->eof) {
		ssize_t n = read(r->src.fd, job->buf + job->len, job->cap - job->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_err(r->d, r->src.name, 0, 0, "lỗi đọc tệp: %s", "error reading the file: %s",
			         strerror(errno));
			return false;
		}
		if (n == 0) {
			r->eof = true;
			break;
		}
		if (r->src.spool && !write_all(r->src.back_fd, job->buf + job->len, (size_t)n)) {
			diag_err(r->d, r->src.name, 0, 0, "không ghi được tệp tạm: %s",
			         "cannot write a temporary file: %s", strerror(errno));
			return false;
		}
		job->len += (size_t)n;
		r->read_off += (uint64_t)n;
	}
	return true;
}

/* Fills job with the next chunk. False when there is none (end of input
 * or a fatal problem, then in r->d). */
static bool fill(struct reader *r, struct job *job)
{
	size_t boundary = 0, lines = 0;
	if (r->src.fd < 0) {
		size_t avail = r->src.mem_len - (size_t)r->fill_off;
		if (avail == 0) {
			r->eof = true;
			return false;
		}
		size_t len = avail < r->chunk_size ? avail : r->chunk_size;
		job->data = r->src.mem + r->fill_off;
		for (;;) {
			boundary = find_boundary(r, job->data, len, len == avail, r->fill_off, r->fill_line,
			                         &lines);
			if (boundary)
				break;
			len = len * 2 < avail ? len * 2 : avail;
		}
		if (boundary == avail)
			r->eof = true;
	} else {
		if (job->cap < r->chunk_size + r->ncarry) {
			free(job->buf);
			job->cap = r->chunk_size + r->ncarry;
			job->buf = xmalloc(job->cap + PAD);
		}
		if (r->ncarry)
			memcpy(job->buf, r->carry, r->ncarry);
		job->len = r->ncarry;
		for (;;) {
			if (!read_more(r, job)) {
				r->fatal = r->io_error = true;
				return false;
			}
			if (job->len == 0)
				return false;
			boundary = find_boundary(r, job->buf, job->len, r->eof, r->fill_off, r->fill_line,
			                         &lines);
			if (boundary)
				break;
			if (job->cap >= MAX_RECORD + r->chunk_size) {
				diag_err(r->d, r->src.name, r->fill_line, 1,
				         "dòng dài hơn 64 MiB: có thể thiếu dấu nháy kép đóng",
				         "a row longer than 64 MiB: perhaps a closing quote is missing");
				r->fatal = true;
				return false;
			}
			job->cap *= 2;
			job->buf = xrealloc(job->buf, job->cap + PAD);
		}
		job->data = job->buf;
		r->carry = job->buf + boundary;
		r->ncarry = job->len - boundary;
	}
	job->len = boundary;
	job->offset = r->fill_off;
	job->line = r->fill_line;
	r->fill_off += boundary;
	r->fill_line += (long)lines;
	memset(&job->ch, 0, sizeof job->ch);
	job->ch.r = r;
	if (!r->header_done) {
		enum header_result h = read_header(r, job);
		if (h == HEADER_BAD) {
			r->header_done = true;
			r->fatal = true;
			return false;
		}
		r->header_done = h == HEADER_OK;
	}
	r->bytes += boundary;
	return true;
}

/* More input may follow the last chunk filled. */
static bool more_input(const struct reader *r)
{
	if (r->fatal)
		return false;
	if (r->src.fd < 0)
		return r->fill_off < r->src.mem_len;
	return !r->eof || r->ncarry > 0;
}

/* Merges a parsed chunk, in file order. */
static void consume(struct reader *r, struct job *job)
{
	struct dcsv_chunk *ch = &job->ch;
	for (size_t i = 0; i < ch->nerrs && r->nerrs < DIAGS_KEEP; i++) {
		if (r->nerrs == r->caperrs) {
			r->caperrs = r->caperrs ? r->caperrs * 2 : 64;
			r->errs = xrealloc(r->errs, size_mul(r->caperrs, sizeof *r->errs));
		}
		struct chunk_err e = ch->errs[i];
		e.vi = arena_strdup(r->err_arena, e.vi);
		e.en = arena_strdup(r->err_arena, e.en);
		r->errs[r->nerrs++] = e;
	}
	r->errors += ch->errors;
	r->rows += ch->rows;
	if (r->ops->chunk_done)
		r->ops->chunk_done(r->ops->ctx, ch, r->errors);
	if (r->o->progress)
		r->o->progress(r->o->progress_ctx, (size_t)(job->offset + job->len), (size_t)r->src.size);
	free(ch->errs);
	arena_free(ch->arena);
	memset(ch, 0, sizeof *ch);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct reader *r = w->r;
	pthread_mutex_lock(&r->mu);
	for (;;) {
		struct job *job = NULL;
		for (size_t i = r->next_consume; i < r->next_fill; i++) {
			struct job *j = &r->jobs[i % r->njobs];
			if (j->state == JOB_READY) {
				job = j;
				break;
			}
		}
		if (!job) {
			if (r->stop)
				break;
			pthread_cond_wait(&r->work, &r->mu);
			continue;
		}
		job->state = JOB_RUNNING;
		pthread_mutex_unlock(&r->mu);
		parse_chunk(w, job);
		pthread_mutex_lock(&r->mu);
		job->state = JOB_DONE;
		pthread_cond_signal(&r->done);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* The pass over the input: fill, parse (workers or inline), consume. */
static void run_pass(struct reader *r)
{
	bool threaded = r->nworkers > 1;
	if (threaded)
		for (size_t i = 0; i < r->nworkers; i++)
			pthread_create(&r->workers[i].thread, NULL, worker_main, &r->workers[i]);
	pthread_mutex_lock(&r->mu);
	for (;;) {
		struct job *next = &r->jobs[r->next_consume % r->njobs];
		if (r->next_consume < r->next_fill && next->state == JOB_DONE) {
			pthread_mutex_unlock(&r->mu);
			consume(r, next);
			pthread_mutex_lock(&r->mu);
			next->state = JOB_FREE;
			r->next_consume++;
			continue;
		}
		if (more_input(r) && r->next_fill - r->next_consume < r->njobs) {
			struct job *job = &r->jobs[r->next_fill % r->njobs];
			pthread_mutex_unlock(&r->mu);
			bool got = fill(r, job);
			if (got && !threaded) {
				parse_chunk(&r->workers[0], job);
				job->state = JOB_DONE;
			}
			pthread_mutex_lock(&r->mu);
			if (got) {
				if (threaded)
					job->state = JOB_READY;
				r->next_fill++;
				pthread_cond_broadcast(&r->work);
			}
			continue;
		}
		if (r->next_consume == r->next_fill)
			break;
		pthread_cond_wait(&r->done, &r->mu);
	}
	r->stop = true;
	pthread_cond_broadcast(&r->work);
	pthread_mutex_unlock(&r->mu);
	if (threaded)
		for (size_t i = 0; i < r->nworkers; i++)
			pthread_join(r->workers[i].thread, NULL);
}

/* ---- after the pass: duplicates ---- */

struct dup {
	uint64_t off, first; /* offsets of the repeated code and of its first use */
};

struct dup_vec {
	struct dup *v;
	size_t n, cap;
};

struct dedup {
	struct reader *r;
	size_t next_part;
	pthread_mutex_t mu;
	bool io_failed;
};

struct dedup_worker {
	struct dedup *dd;
	struct dup_vec dups;
	uint64_t *entries;
	size_t nentries, capentries;
	uint64_t *table;
	size_t captable;
	char *a, *b; /* code texts */
	size_t capa, capb;
	pthread_t thread;
};

/* The value of the field starting at off (quoted or not, unescaped) into
 * *buf; false when it cannot be read. */
static bool field_at(const struct source *s, uint64_t off, char **buf, size_t *cap, size_t *len)
{
	char chunk[4096];
	size_t n = 0;
	bool quoted = false, first = true, pending_quote = false;
	for (;;) {
		size_t got = src_pread(s, chunk, sizeof chunk, off);
		if (got == 0)
			break;
		for (size_t i = 0; i < got; i++) {
			char c = chunk[i];
			if (first) {
				first = false;
				if (c == '"') {
					quoted = true;
					continue;
				}
			}
			if (quoted) {
				if (pending_quote) {
					pending_quote = false;
					if (c != '"')
						goto done;
				} else if (c == '"') {
					pending_quote = true;
					continue;
				}
			} else if (c == ',' || c == '\n' || c == '\r') {
				goto done;
			}
			if (n + 1 > *cap) {
				*cap = *cap ? *cap * 2 : 256;
				*buf = xrealloc(*buf, *cap);
			}
			(*buf)[n++] = c;
		}
		off += got;
	}
done:
	*len = n;
	return !first;
}

static void dup_push(struct dup_vec *v, uint64_t off, uint64_t first)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->v = xrealloc(v->v, size_mul(v->cap, sizeof *v->v));
	}
	v->v[v->n++] = (struct dup){off, first};
}

static void push_entry(struct dedup_worker *w, uint64_t e)
{
	if (w->nentries == w->capentries) {
		w->capentries = w->capentries ? w->capentries * 2 : 4096;
		w->entries = xrealloc(w->entries, size_mul(w->capentries, sizeof *w->entries));
	}
	w->entries[w->nentries++] = e;
}

/* Checks partition p of every worker's fingerprints. */
static void check_partition(struct dedup_worker *w, size_t p)
{
	struct reader *r = w->dd->r;
	const uint64_t off_mask = ((uint64_t)1 << OFFSET_BITS) - 1;
	w->nentries = 0;
	for (size_t k = 0; k < r->nworkers; k++) {
		struct fp_set *s = r->workers[k].fp;
		for (size_t i = 0; i < s->nruns; i++) {
			uint32_t count = s->runs[i]->count[p];
			for (uint32_t done = 0; done < count;) {
				uint64_t buf[512];
				uint32_t want = count - done < 512 ? count - done : 512;
				ssize_t got = pread(s->fd, buf, want * sizeof *buf,
				                    (off_t)(s->runs[i]->off[p] + done * sizeof *buf));
				if (got != (ssize_t)(want * sizeof *buf)) {
					w->dd->io_failed = true;
					return;
				}
				for (uint32_t j = 0; j < want; j++)
					push_entry(w, buf[j]);
				done += want;
			}
		}
		for (struct fp_block *b = s->head[p]; b; b = b->next)
			for (uint32_t j = 0, bn = fp_count(s, p, b); j < bn; j++)
				push_entry(w, b->e[j]);
	}
	if (w->nentries < 2)
		return;
	size_t cap = 16;
	while (cap < 2 * w->nentries)
		cap *= 2;
	if (cap > w->captable) {
		free(w->table);
		w->table = xmalloc(size_mul(cap, sizeof *w->table));
		w->captable = cap;
	}
	memset(w->table, 0, cap * sizeof *w->table);
	size_t first_dup = w->dups.n;
	for (size_t i = 0; i < w->nentries; i++) {
		uint64_t e = w->entries[i];
		uint64_t fp = e >> OFFSET_BITS;
		size_t h = (size_t)((fp * 0x9E3779B97F4A7C15ULL) >> 20) & (cap - 1);
		bool duplicate = false;
		for (;; h = (h + 1) & (cap - 1)) {
			uint64_t t = w->table[h];
			if (!t)
				break;
			if ((t >> OFFSET_BITS) != fp)
				continue;
			/* same fingerprint: compare the codes themselves */
			size_t na, nb;
			if (!field_at(&r->src, t & off_mask, &w->a, &w->capa, &na) ||
			    !field_at(&r->src, e & off_mask, &w->b, &w->capb, &nb)) {
				w->dd->io_failed = true;
				return;
			}
			if (na != nb || memcmp(w->a, w->b, na))
				continue;
			/* the slot keeps the earliest use; dups point at the slot */
			uint64_t later = (e & off_mask) > (t & off_mask) ? e : t;
			if (later == t)
				w->table[h] = e;
			dup_push(&w->dups, later & off_mask, (uint64_t)h);
			duplicate = true;
			break;
		}
		if (!duplicate)
			w->table[h] = e;
	}
	/* slot numbers -> offsets of the first use */
	for (size_t i = first_dup; i < w->dups.n; i++)
		w->dups.v[i].first = w->table[w->dups.v[i].first] & off_mask;
}

static void *dedup_main(void *arg)
{
	struct dedup_worker *w = arg;
	struct dedup *dd = w->dd;
	for (;;) {
		pthread_mutex_lock(&dd->mu);
		size_t p = dd->next_part++;
		bool stop = dd->io_failed;
		pthread_mutex_unlock(&dd->mu);
		if (p >= FP_PARTS || stop)
			break;
		check_partition(w, p);
	}
	return NULL;
}

static int cmp_dup(const void *x, const void *y)
{
	const struct dup *a = x, *b = y;
	return a->off < b->off ? -1 : a->off > b->off;
}

/* Line of input offset off (1-based), from the checkpoints. */
static long line_of(const struct reader *r, uint64_t off)
{
	size_t lo = 0, hi = r->ncps;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (r->cps[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	if (!r->ncps)
		return 0;
	long line = r->cps[lo].line;
	uint64_t at = r->cps[lo].off;
	char buf[65536];
	while (at < off) {
		size_t want = off - at < sizeof buf ? (size_t)(off - at) : sizeof buf;
		size_t got = src_pread(&r->src, buf, want, at);
		if (!got)
			break;
		line += (long)count_lines(buf, got);
		at += got;
	}
	return line;
}

/* Finds repeated codes; adds their problems (sorted by offset) to *out. */
static bool find_duplicates(struct reader *r, struct dup_vec *out)
{
	struct dedup dd = {r, 0, PTHREAD_MUTEX_INITIALIZER, false};
	size_t n = r->nworkers;
	struct dedup_worker *w = xcalloc(n, sizeof *w);
	for (size_t i = 0; i < n; i++)
		w[i].dd = &dd;
	if (n > 1) {
		for (size_t i = 0; i < n; i++)
			pthread_create(&w[i].thread, NULL, dedup_main, &w[i]);
		for (size_t i = 0; i < n; i++)
			pthread_join(w[i].thread, NULL);
	} else {
		dedup_main(&w[0]);
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < w[i].dups.n; k++)
			dup_push(out, w[i].dups.v[k].off, w[i].dups.v[k].first);
		free(w[i].dups.v);
		free(w[i].entries);
		free(w[i].table);
		free(w[i].a);
		free(w[i].b);
	}
	free(w);
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, cmp_dup);
	return !dd.io_failed;
}

static int cmp_err(const void *x, const void *y)
{
	const struct chunk_err *a = x, *b = y;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/* ---- entry points ---- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum px_err read_all(struct reader *r, const struct dcsv_options *o,
                            const struct dcsv_ops *ops, struct diags *d, struct dcsv_stats *st)
{
	static const struct dcsv_options defaults = {0};
	if (!o)
		o = &defaults;
	r->o = o;
	r->ops = ops;
	r->d = d;
	r->chunk_size = o->chunk_size ? o->chunk_size : CHUNK_DEFAULT;
	r->fill_line = 1;
	r->err_arena = arena_new();
	size_t threads = o->threads > 1 ? (size_t)o->threads : 1;
	if (threads > 256)
		threads = 256;
	r->nworkers = threads;
	r->njobs = threads > 1 ? 2 * threads + 2 : 2;
	r->jobs = xcalloc(r->njobs, sizeof *r->jobs);
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->work, NULL);
	pthread_cond_init(&r->done, NULL);
	size_t budget = o->dedup_budget ? o->dedup_budget : BUDGET_DEFAULT;
	r->workers = xcalloc(threads, sizeof *r->workers);
	for (size_t i = 0; i < threads; i++) {
		struct worker *w = &r->workers[i];
		w->r = r;
		w->fp = xcalloc(1, sizeof *w->fp);
		w->fp->fd = -1;
		w->fp->budget = budget / threads;
		/* slabs of at most an eighth of the budget (64 KiB .. 1 MiB) */
		w->fp->slab_size = w->fp->budget / 8;
		if (w->fp->slab_size < ((size_t)64 << 10))
			w->fp->slab_size = (size_t)64 << 10;
		if (w->fp->slab_size > FP_SLAB)
			w->fp->slab_size = FP_SLAB;
		w->user = ops->worker_begin ? ops->worker_begin(ops->ctx) : NULL;
	}
	enum px_err e = PX_OK;
	bool trace = getenv("PARINDEX_DOSSIER_TRACE") != NULL;
	double t0 = now_s();
	run_pass(r);
	double t1 = now_s();
	if (!r->header_done && !r->io_error && !d->errors)
		diag_err(d, r->src.name, 1, 0, "tệp rỗng, thiếu dòng tiêu đề", "empty file, no header row");
	if (r->io_error)
		e = PX_FAIL;
	if (r->src.size && r->src.size >= ((uint64_t)1 << OFFSET_BITS)) {
		diag_err(d, r->src.name, 0, 0, "tệp lớn hơn 1 TiB", "the file is larger than 1 TiB");
		e = PX_FAIL;
	}
	struct dup_vec dups = {0};
	bool spill_failed = false;
	for (size_t i = 0; i < threads; i++) {
		spill_failed |= r->workers[i].fp->failed;
		r->spills += r->workers[i].fp->nruns;
	}
	if (spill_failed && e == PX_OK) {
		diag_err(d, r->src.name, 0, 0, "không ghi được tệp tạm (TMPDIR)",
		         "cannot write a temporary file (TMPDIR)");
		e = PX_FAIL;
	}
	if (e == PX_OK && !r->fatal && !find_duplicates(r, &dups)) {
		diag_err(d, r->src.name, 0, 0, "không đọc lại được tệp để kiểm tra mã trùng",
		         "cannot read the file again to check for repeated codes");
		e = PX_FAIL;
	}
	if (trace)
		fprintf(stderr, "dossier_csv: pass %.3f s, uniqueness %.3f s, %zu spills, %zu threads\n",
		        t1 - t0, now_s() - t1, r->spills, threads);
	/* problems in file order: the kept reading problems and the first
	 * DIAGS_KEEP repeated codes, merged */
	size_t keep_dups = dups.n < DIAGS_KEEP ? dups.n : DIAGS_KEEP;
	struct chunk_err *all = xcalloc(r->nerrs + keep_dups + 1, sizeof *all);
	if (r->nerrs)
		memcpy(all, r->errs, r->nerrs * sizeof *all);
	size_t nall = r->nerrs;
	char *a = NULL, *b = NULL;
	size_t capa = 0;
	for (size_t i = 0; i < keep_dups; i++) {
		size_t na;
		field_at(&r->src, dups.v[i].off, &a, &capa, &na);
		long line = line_of(r, dups.v[i].off), first = line_of(r, dups.v[i].first);
		int shown_n = shown(a ? a : "", na);
		all[nall].line = line;
		all[nall].col = r->colnum[DCSV_CODE];
		all[nall].vi = arena_printf(r->err_arena, "mã hồ sơ \"%.*s\" bị trùng (đã có ở dòng %ld)",
		                            shown_n, a ? a : "", first);
		all[nall].en = arena_printf(r->err_arena,
		                            "repeated dossier_code \"%.*s\" (first on line %ld)", shown_n,
		                            a ? a : "", first);
		nall++;
	}
	free(a);
	free(b);
	qsort(all, nall, sizeof *all, cmp_err);
	for (size_t i = 0; i < nall; i++)
		diag_text(d, DIAG_ERROR, r->src.name, all[i].line, all[i].col, NULL, all[i].vi,
		          all[i].en);
	/* counted but not kept */
	size_t total = r->errors + dups.n;
	if (total > nall)
		d->errors += total - nall;
	free(all);
	free(dups.v);
	if (st) {
		st->rows = r->rows;
		st->bytes = r->bytes;
		st->has_due = r->colnum[DCSV_DUE] != 0;
		st->spills = r->spills;
	}
	for (size_t i = 0; i < threads; i++) {
		struct worker *w = &r->workers[i];
		if (ops->worker_end)
			ops->worker_end(ops->ctx, w->user);
		fp_free(w->fp);
		free(w->scratch);
	}
	for (size_t i = 0; i < r->njobs; i++) {
		free(r->jobs[i].buf);
		free(r->jobs[i].ch.errs);
		arena_free(r->jobs[i].ch.arena);
	}
	free(r->jobs);
	free(r->workers);
	free(r->colmap);
	free(r->cps);
	free(r->errs);
	arena_free(r->err_arena);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->done);
	if (e != PX_OK)
		return e;
	if (r->fatal && !total && !d->errors)
		return PX_FAIL;
	return d->errors ? PX_BADINPUT : PX_OK;
}

enum px_err dcsv_read(const char *path, const struct dcsv_options *o, const struct dcsv_ops *ops,
                      struct diags *d, struct dcsv_stats *st)
{
	struct reader r = {0};
	r.src.name = path;
	r.src.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r.src.fd < 0) {
		diag_err(d, path, 0, 0, "không mở được tệp: %s", "cannot open the file: %s",
		         strerror(errno));
		return PX_FAIL;
	}
	struct stat sb;
	if (fstat(r.src.fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		r.src.back_fd = r.src.fd;
		r.src.size = (uint64_t)sb.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
		posix_fadvise(r.src.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	} else {
		r.src.back_fd = temp_file();
		r.src.spool = true;
		if (r.src.back_fd < 0) {
			diag_err(d, path, 0, 0, "không tạo được tệp tạm: %s",
			         "cannot create a temporary file: %s", strerror(errno));
			close(r.src.fd);
			return PX_FAIL;
		}
	}
	enum px_err e = read_all(&r, o, ops, d, st);
	if (r.src.spool)
		close(r.src.back_fd);
	close(r.src.fd);
	return e;
}

enum px_err dcsv_read_mem(const char *name, const char *data, size_t len,
                          const struct dcsv_options *o, const struct dcsv_ops *ops,
                          struct diags *d, struct dcsv_stats *st)
{
	struct reader r = {0};
	r.src.name = name;
	r.src.fd = -1;
	r.src.back_fd = -1;
	r.src.mem = data;
	r.src.mem_len = len;
	r.src.size = len;
	return read_all(&r, o, ops, d, st);
}
