/*
 * Replay driver for fuzz targets when libFuzzer is not used: runs every
 * file of the corpus directories given, then deterministic mutations of
 * them (bit flips, truncations, byte insertions, splices) for a bounded
 * number of iterations, so `make test` exercises each parser with hostile
 * input on every run. Real coverage-guided fuzzing: -DPARINDEX_FUZZ=ON.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX (1 << 20)
#define MUTATIONS_DEFAULT 20000 /* $REPLAY_MUTATIONS overrides */

struct input {
	uint8_t *p;
	size_t n;
};

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void load_dir(const char *dir, struct input **v, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay: no corpus directory %s\n", dir);
		exit(1);
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		uint8_t *buf = malloc(REPLAY_MAX);
		size_t len = fread(buf, 1, REPLAY_MAX, f);
		fclose(f);
		*v = realloc(*v, (*n + 1) * sizeof **v);
		(*v)[(*n)++] = (struct input){buf, len};
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	struct input *corpus = NULL;
	size_t n = 0;
	for (int i = 1; i < argc; i++)
		load_dir(argv[i], &corpus, &n);
	if (n == 0) {
		fprintf(stderr, "replay: empty corpus\n");
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		LLVMFuzzerTestOneInput(corpus[i].p, corpus[i].n);
	long mutations = MUTATIONS_DEFAULT;
	const char *env = getenv("REPLAY_MUTATIONS");
	if (env && *env)
		mutations = strtol(env, NULL, 10);
	uint8_t *buf = malloc(REPLAY_MAX * 2);
	for (long it = 0; it < mutations; it++) {
		struct input *a = &corpus[next() % n];
		size_t len = a->n;
		memcpy(buf, a->p, len);
		int ops = 1 + (int)(next() % 4);
		for (int k = 0; k < ops; k++) {
			switch (next() % 5) {
			case 0: /* flip a bit */
				if (len)
					buf[next() % len] ^= (uint8_t)(1u << (next() % 8));
				break;
			case 1: /* truncate */
				if (len)
					len = next() % len;
				break;
			case 2: /* insert an interesting byte */
				if (len < REPLAY_MAX) {
					static const uint8_t b[] = {'"', ',', '\n', '\r', 0,
					                            0xC3, 0xFF, '(', ')', '.'};
					size_t at = len ? next() % len : 0;
					memmove(buf + at + 1, buf + at, len - at);
					buf[at] = b[next() % sizeof b];
					len++;
				}
				break;
			case 3: { /* splice another input's tail */
				struct input *b = &corpus[next() % n];
				size_t at = len ? next() % len : 0;
				size_t from = b->n ? next() % b->n : 0;
				size_t take = b->n - from;
				if (at + take > REPLAY_MAX)
					take = REPLAY_MAX - at;
				memcpy(buf + at, b->p + from, take);
				len = at + take;
				break;
			}
			default: /* duplicate a range */
				if (len && len < REPLAY_MAX / 2) {
					size_t from = next() % len;
					size_t take = (next() % (len - from)) + 1;
					memmove(buf + from + take, buf + from, len - from);
					len += take;
				}
			}
		}
		LLVMFuzzerTestOneInput(buf, len);
	}
	printf("replayed %zu corpus inputs and %ld mutations\n", n, mutations);
	for (size_t i = 0; i < n; i++)
		free(corpus[i].p);
	free(corpus);
	free(buf);
	return 0;
}
