/*
 * Private to the dossier CSV reader (dossier_csv*.c): the reader's state
 * and the calls between its parts. The parts:
 *   dossier_csv.c        the chunk coordinator and the worker threads,
 *                        problems merged in file order, the entry points;
 *   dossier_csv_scan.c   the scanner: quote/LF counting, the header, the
 *                        fields and types of the rows of one chunk;
 *   dossier_csv_dedup.c  dossier_code uniqueness (fingerprints, spill
 *                        file, the check after the pass);
 *   dossier_csv_source.c the input: a file, a pipe spooled to a temporary
 *                        file, or memory, and reading it back (pread).
 * The design and its invariants are at the top of dossier_csv.c.
 */
#ifndef PARINDEX_IO_DOSSIER_CSV_IMPL_H
#define PARINDEX_IO_DOSSIER_CSV_IMPL_H
#include <pthread.h>
#include <string.h>

#include "io/dossier_csv.h"

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

struct source {
	const char *name;
	int fd;        /* input file or pipe; -1 for memory */
	int back_fd;   /* what pread reads: the file, or the spool of a pipe */
	bool spool;    /* a pipe: bytes read are appended to back_fd */
	const char *mem;
	size_t mem_len;
	uint64_t size; /* 0 when unknown (pipe) */
};

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

struct dup {
	uint64_t off, first; /* offsets of the repeated code and of its first use */
};

struct dup_vec {
	struct dup *v;
	size_t n, cap;
};

/* ---- source (dossier_csv_source.c) ---- */

/* An unlinked temporary file in $TMPDIR (or /tmp); -1 on failure. */
int dcsv_temp_file(void);
/* Writes all of p[0..n) to fd; false on an error. */
bool dcsv_write_all(int fd, const void *p, size_t n);
/* Reads up to n bytes at off from what was read so far; bytes read. */
size_t dcsv_src_pread(const struct source *s, void *buf, size_t n, uint64_t off);
/* Reads more of a file or pipe into job->buf[job->len..cap) (a pipe's
 * bytes are spooled too); false with a problem in r->d on an error. */
bool dcsv_read_more(struct reader *r, struct job *job);
/* Opens path as s (a regular file, or a pipe spooled to a temporary
 * file); PX_FAIL with a problem in d when it cannot. */
enum px_err dcsv_source_open(struct source *s, const char *path, struct diags *d);
void dcsv_source_close(struct source *s);

/* ---- scanner (dossier_csv_scan.c) ---- */

/* Number of quote and LF bytes in p[0..n) (SSE2 where available). */
void dcsv_count_quotes_lines(const char *p, size_t n, uint64_t *quotes, uint64_t *lines);
size_t dcsv_count_lines(const char *p, size_t n);
/* Bytes of s[0..n) shown in a message: at most SHOW_MAX, cut at a character. */
int dcsv_shown(const char *s, size_t n);

enum header_result { HEADER_OK, HEADER_BAD, HEADER_LATER };

/* Reads the header record at the start of job's chunk (after a BOM and
 * lines with no bytes), fills the column map and moves the chunk past
 * it. HEADER_BAD with problems in r->d when it is unusable, HEADER_LATER
 * when the chunk held only empty lines and more input follows. */
enum header_result dcsv_read_header(struct reader *r, struct job *job);
/* Parses job's chunk with worker w: rows to r->ops->row, problems to the
 * chunk, codes to w->fp. Reads nothing outside the chunk. */
void dcsv_parse_chunk(struct worker *w, struct job *job);

/* ---- coordinator (dossier_csv.c) ---- */

/* More input may follow the last chunk filled. */
bool dcsv_more_input(const struct reader *r);

/* ---- uniqueness (dossier_csv_dedup.c) ---- */

/* An empty fingerprint set that spills past budget bytes. */
struct fp_set *dcsv_fp_new(size_t budget);
/* The slow path of dcsv_fp_add_code: partition p's head block b is
 * missing or full; spills when over budget and returns a new head. */
struct fp_block *dcsv_fp_grow(struct fp_set *s, size_t p, struct fp_block *b);

/* Called once a row by the workers: inline, as is the common case of
 * adding a fingerprint. */
static inline uint64_t dcsv_code_hash(const char *s, size_t n)
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

/* Records the code s[0..n) found at input offset off. */
static inline void dcsv_fp_add_code(struct fp_set *fp, const char *s, size_t n, uint64_t off)
{
	uint64_t hash = dcsv_code_hash(s, n);
	size_t p = (size_t)(hash >> (64 - PART_BITS));
	uint64_t e = (((hash >> 20) & 0xFFFFFF) << OFFSET_BITS) | off;
	struct fp_block *b = fp->head[p];
	if (!b || fp->fill[p] == FP_BLOCK)
		b = dcsv_fp_grow(fp, p, b);
	b->e[fp->fill[p]++] = e;
}
void dcsv_fp_free(struct fp_set *s);
/* The value of the field starting at off (quoted or not, unescaped) into
 * *buf (malloc'd, grown as needed); false when it cannot be read. */
bool dcsv_field_at(const struct source *s, uint64_t off, char **buf, size_t *cap, size_t *len);
/* Line of input offset off (1-based), from the checkpoints. */
long dcsv_line_of(const struct reader *r, uint64_t off);
/* Finds repeated codes over every worker's fingerprints; adds them
 * (sorted by offset) to *out. False when the input cannot be read back. */
bool dcsv_find_duplicates(struct reader *r, struct dup_vec *out);
#endif
