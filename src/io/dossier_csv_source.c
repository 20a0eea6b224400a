/*
 * The input of the dossier CSV reader: a regular file (read in order,
 * read back with pread), a pipe (copied to an unlinked temporary file as
 * it is read, so the uniqueness check can read codes back), or memory.
 * Owns every read(2), write(2) and pread(2) of the reader.
 */
#include "io/dossier_csv_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int dcsv_temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/parindex-dossier-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	return fd;
}

bool dcsv_write_all(int fd, const void *p, size_t n)
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
size_t dcsv_src_pread(const struct source *s, void *buf, size_t n, uint64_t off)
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

/* Reads more of a file or pipe into job->buf[job->len..cap). */
bool dcsv_read_more(struct reader *r, struct job *job)
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
		if (r->src.spool && !dcsv_write_all(r->src.back_fd, job->buf + job->len, (size_t)n)) {
			diag_err(r->d, r->src.name, 0, 0, "không ghi được tệp tạm: %s",
			         "cannot write a temporary file: %s", strerror(errno));
			return false;
		}
		job->len += (size_t)n;
		r->read_off += (uint64_t)n;
	}
	return true;
}

enum px_err dcsv_source_open(struct source *s, const char *path, struct diags *d)
{
	s->name = path;
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0) {
		diag_err(d, path, 0, 0, "không mở được tệp: %s", "cannot open the file: %s",
		         strerror(errno));
		return PX_FAIL;
	}
	struct stat sb;
	if (fstat(s->fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		s->back_fd = s->fd;
		s->size = (uint64_t)sb.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
		posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	} else {
		s->back_fd = dcsv_temp_file();
		s->spool = true;
		if (s->back_fd < 0) {
			diag_err(d, path, 0, 0, "không tạo được tệp tạm: %s",
			         "cannot create a temporary file: %s", strerror(errno));
			close(s->fd);
			return PX_FAIL;
		}
	}
	return PX_OK;
}

void dcsv_source_close(struct source *s)
{
	if (s->spool)
		close(s->back_fd);
	close(s->fd);
}
