/* The immutable-fragment cache and the chart cache; see cache.h. */
#include "web/cache.h"
#include "base/arena.h"
#include "base/map.h"
#include "base/mem.h"
#include "base/str.h"
#include "io/chart.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *data;
	size_t len;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct map entries; /* key -> struct entry * */
static size_t bytes;

static void clear_locked(void)
{
	for (size_t i = 0; i < entries.cap; i++)
		if (entries.slots[i].key) {
			struct entry *e = entries.slots[i].value;
			free(e->data);
			free(e);
		}
	map_free(&entries);
	bytes = 0;
}

bool web_cache_get(const char *key, struct arena *a, const char **value, size_t *len)
{
	bool hit = false;
	pthread_mutex_lock(&lock);
	struct entry *e = map_gets(&entries, key);
	if (e) {
		*value = arena_strndup(a, e->data, e->len);
		*len = e->len;
		hit = true;
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

void web_cache_put(const char *key, const char *value, size_t len)
{
	if (len > WEB_CACHE_MAX_BYTES / 4)
		return;
	struct entry *e = xmalloc(sizeof *e);
	e->data = xmalloc(len + 1);
	memcpy(e->data, value, len);
	e->data[len] = 0;
	e->len = len;
	pthread_mutex_lock(&lock);
	if (entries.n >= WEB_CACHE_MAX_ENTRIES || bytes + len > WEB_CACHE_MAX_BYTES)
		clear_locked();
	struct entry *old = map_puts(&entries, key, e);
	if (old) {
		bytes -= old->len;
		free(old->data);
		free(old);
	}
	bytes += len;
	pthread_mutex_unlock(&lock);
}

void web_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	clear_locked();
	pthread_mutex_unlock(&lock);
}

/* ---- charts, keyed by a hash of their whole input ---- */

struct hasher {
	crypto_generichash_state st;
};

static void h_bytes(struct hasher *h, const void *p, size_t n)
{
	crypto_generichash_update(&h->st, p, n);
}

static void h_text(struct hasher *h, const char *s)
{
	/* NULL and "" differ (NULL often means "the default text") */
	uint64_t n = s ? strlen(s) + 1 : 0;
	h_bytes(h, &n, sizeof n);
	if (s)
		h_bytes(h, s, n);
}

static void h_double(struct hasher *h, double v)
{
	h_bytes(h, &v, sizeof v);
}

static void h_int(struct hasher *h, int64_t v)
{
	h_bytes(h, &v, sizeof v);
}

static void h_opts(struct hasher *h, const char *kind, const struct chart_opts *o)
{
	crypto_generichash_init(&h->st, NULL, 0, 32);
	h_text(h, kind);
	h_text(h, o->title);
	h_text(h, o->subtitle);
	h_text(h, o->axis_title);
	h_text(h, o->lang);
	h_int(h, o->decimals);
	h_int(h, o->width);
	h_double(h, o->png_scale);
	h_text(h, o->id_prefix);
	h_text(h, o->empty_text);
	h_text(h, o->mark);
}

typedef enum px_err (*draw_fn)(const void *spec, struct str *out);

/* The cached picture of hash h, or draw() it and keep it. */
static enum px_err chart_cached(struct hasher *h, const void *spec, draw_fn draw,
                                struct str *out)
{
	unsigned char digest[32];
	crypto_generichash_final(&h->st, digest, sizeof digest);
	char key[6 + 2 * sizeof digest + 1] = "chart:";
	sodium_bin2hex(key + 6, sizeof key - 6, digest, sizeof digest);
	bool hit = false;
	pthread_mutex_lock(&lock);
	struct entry *e = map_gets(&entries, key);
	if (e) {
		str_add(out, e->data, e->len);
		hit = true;
	}
	pthread_mutex_unlock(&lock);
	if (hit)
		return PX_OK;
	size_t start = out->len;
	enum px_err err = draw(spec, out);
	if (err == PX_OK && !str_error(out))
		web_cache_put(key, out->buf + start, out->len - start);
	return err;
}

static enum px_err draw_ranking(const void *spec, struct str *out)
{
	return chart_ranking_draw(spec, CHART_SVG, out);
}

static enum px_err draw_pairs(const void *spec, struct str *out)
{
	return chart_pairs_draw(spec, CHART_SVG, out);
}

static enum px_err draw_history(const void *spec, struct str *out)
{
	return chart_history_draw(spec, CHART_SVG, out);
}

static enum px_err draw_grades(const void *spec, struct str *out)
{
	return chart_grades_draw(spec, CHART_SVG, out);
}

enum px_err web_chart_ranking_svg(const struct chart_ranking_spec *s, struct str *out)
{
	struct hasher h;
	h_opts(&h, "ranking", &s->opts);
	h_int(&h, (int64_t)s->nbars);
	for (size_t i = 0; i < s->nbars; i++) {
		h_text(&h, s->bars[i].label);
		h_double(&h, s->bars[i].value);
		h_int(&h, s->bars[i].band);
		h_int(&h, s->bars[i].rank);
		h_int(&h, s->bars[i].emphasis);
	}
	h_int(&h, (int64_t)s->nbands);
	for (size_t i = 0; i < s->nbands; i++)
		h_text(&h, s->bands[i]);
	h_int(&h, s->has_average);
	h_double(&h, s->average);
	h_text(&h, s->average_label);
	h_double(&h, s->axis_max);
	return chart_cached(&h, s, draw_ranking, out);
}

enum px_err web_chart_pairs_svg(const struct chart_pairs_spec *s, struct str *out)
{
	struct hasher h;
	h_opts(&h, "pairs", &s->opts);
	h_int(&h, (int64_t)s->npairs);
	for (size_t i = 0; i < s->npairs; i++) {
		h_text(&h, s->pairs[i].label);
		h_double(&h, s->pairs[i].value);
		h_double(&h, s->pairs[i].reference);
	}
	h_text(&h, s->value_label);
	h_text(&h, s->reference_label);
	h_double(&h, s->axis_max);
	return chart_cached(&h, s, draw_pairs, out);
}

enum px_err web_chart_history_svg(const struct chart_history_spec *s, struct str *out)
{
	struct hasher h;
	h_opts(&h, "history", &s->opts);
	h_int(&h, (int64_t)s->npoints);
	for (size_t i = 0; i < s->npoints; i++) {
		h_text(&h, s->points[i].label);
		h_double(&h, s->points[i].value);
		h_int(&h, s->points[i].rank);
		h_double(&h, s->points[i].reference);
	}
	h_text(&h, s->value_label);
	h_text(&h, s->reference_label);
	h_text(&h, s->rank_prefix);
	h_int(&h, s->zoom);
	return chart_cached(&h, s, draw_history, out);
}

enum px_err web_chart_grades_svg(const struct chart_grades_spec *s, struct str *out)
{
	struct hasher h;
	h_opts(&h, "grades", &s->opts);
	h_int(&h, (int64_t)s->ncounts);
	for (size_t i = 0; i < s->ncounts; i++) {
		h_text(&h, s->counts[i].label);
		h_int(&h, s->counts[i].count);
		h_int(&h, s->counts[i].band);
	}
	return chart_cached(&h, s, draw_grades, out);
}
