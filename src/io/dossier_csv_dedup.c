/*
 * dossier_code uniqueness, exactly, in ~8 bytes a row (the design is at
 * the top of dossier_csv.c): while the pass runs, each worker keeps per
 * code a 64-bit fingerprint (24 hash bits and the 40-bit byte offset of
 * the code) in one of FP_PARTS partitions, in slabs of 512-byte blocks;
 * past its memory budget it writes the partitions to an unlinked
 * temporary file and starts over. After the pass each partition of every
 * worker goes through a small hash table; equal fingerprints are
 * confirmed by reading both codes back from the input, so a duplicate is
 * never reported for two different codes, and never missed.
 */
#include "io/dossier_csv_impl.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"

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
	if (s->fd < 0 && (s->fd = dcsv_temp_file()) < 0) {
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
					if (!dcsv_write_all(s->fd, buf, nbuf * sizeof *buf))
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
	if (nbuf && !dcsv_write_all(s->fd, buf, nbuf * sizeof *buf))
		s->failed = true;
	s->fd_size += nbuf * sizeof *buf;
	free(buf);
	s->runs = xrealloc(s->runs, size_mul(s->nruns + 1, sizeof *s->runs));
	s->runs[s->nruns++] = run;
	s->cur = NULL; /* reuse the slabs from the first */
}

struct fp_block *dcsv_fp_grow(struct fp_set *s, size_t p, struct fp_block *b)
{
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
	return nb;
}
void dcsv_fp_free(struct fp_set *s)
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

struct fp_set *dcsv_fp_new(size_t budget)
{
	struct fp_set *s = xcalloc(1, sizeof *s);
	s->fd = -1;
	s->budget = budget;
	/* slabs of at most an eighth of the budget (64 KiB .. 1 MiB) */
	s->slab_size = s->budget / 8;
	if (s->slab_size < ((size_t)64 << 10))
		s->slab_size = (size_t)64 << 10;
	if (s->slab_size > FP_SLAB)
		s->slab_size = FP_SLAB;
	return s;
}

/* ---- after the pass ---- */

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
bool dcsv_field_at(const struct source *s, uint64_t off, char **buf, size_t *cap, size_t *len)
{
	char chunk[4096];
	size_t n = 0;
	bool quoted = false, first = true, pending_quote = false;
	for (;;) {
		size_t got = dcsv_src_pread(s, chunk, sizeof chunk, off);
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
			if (!dcsv_field_at(&r->src, t & off_mask, &w->a, &w->capa, &na) ||
			    !dcsv_field_at(&r->src, e & off_mask, &w->b, &w->capb, &nb)) {
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

long dcsv_line_of(const struct reader *r, uint64_t off)
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
		size_t got = dcsv_src_pread(&r->src, buf, want, at);
		if (!got)
			break;
		line += (long)dcsv_count_lines(buf, got);
		at += got;
	}
	return line;
}

bool dcsv_find_duplicates(struct reader *r, struct dup_vec *out)
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
