/*
 * The fast dossier CSV reader; see dossier_csv.h and
 * docs/internals/dossier.md (design, invariants, measurements). This file
 * is the chunk coordinator and the workers; the scanner, the uniqueness
 * check and the input are dossier_csv_scan.c, dossier_csv_dedup.c and
 * dossier_csv_source.c (dossier_csv_impl.h lists what each owns).
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
#include "io/dossier_csv_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/mem.h"

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
		dcsv_count_quotes_lines(data + pos, n, &q, &l);
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
	*lines = (size_t)lfs - dcsv_count_lines(data + boundary, len - boundary);
	for (size_t i = 0; i < nlocal; i++)
		if (local[i].off < boundary)
			add_checkpoint(r, offset + local[i].off, local[i].line);
	return boundary;
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
			if (!dcsv_read_more(r, job)) {
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
		enum header_result h = dcsv_read_header(r, job);
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

bool dcsv_more_input(const struct reader *r)
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
		dcsv_parse_chunk(w, job);
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
		if (dcsv_more_input(r) && r->next_fill - r->next_consume < r->njobs) {
			struct job *job = &r->jobs[r->next_fill % r->njobs];
			pthread_mutex_unlock(&r->mu);
			bool got = fill(r, job);
			if (got && !threaded) {
				dcsv_parse_chunk(&r->workers[0], job);
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
		w->fp = dcsv_fp_new(budget / threads);
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
	if (e == PX_OK && !r->fatal && !dcsv_find_duplicates(r, &dups)) {
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
		dcsv_field_at(&r->src, dups.v[i].off, &a, &capa, &na);
		long line = dcsv_line_of(r, dups.v[i].off), first = dcsv_line_of(r, dups.v[i].first);
		int shown_n = dcsv_shown(a ? a : "", na);
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
		dcsv_fp_free(w->fp);
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
	enum px_err e = dcsv_source_open(&r.src, path, d);
	if (e != PX_OK)
		return e;
	e = read_all(&r, o, ops, d, st);
	dcsv_source_close(&r.src);
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
