/*
 * The ZIP container of an XLSX file, through minizip: our own I/O
 * callbacks over a file descriptor (pread) or memory, so a file and the
 * fuzz target's bytes take the same path, and the checks every part is
 * opened under (encryption, compression method, inflated size, zip-bomb
 * ratio; minizip checks the CRC when an entry is closed).
 */
#include "io/table_xlsx_impl.h"

#include <errno.h>
#include <unistd.h>

/* Minizip I/O over a file descriptor or memory ------------------------- */

static voidpf ZCALLBACK zs_open(voidpf opaque, const void *name, int mode)
{
	(void)name;
	(void)mode;
	struct zsrc *z = opaque;
	z->pos = 0;
	return z;
}

static uLong ZCALLBACK zs_read(voidpf opaque, voidpf stream, void *buf,
                               uLong size)
{
	(void)opaque;
	struct zsrc *z = stream;
	if (z->pos >= z->len)
		return 0;
	if (size > z->len - z->pos)
		size = (uLong)(z->len - z->pos);
	if (z->fd < 0) {
		memcpy(buf, z->mem + z->pos, size);
		z->pos += size;
		return size;
	}
	uLong got = 0;
	while (got < size) {
		ssize_t n = pread(z->fd, (char *)buf + got, size - got,
		                  (off_t)(z->pos + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			z->err = errno;
		if (n <= 0)
			break;
		got += (uLong)n;
	}
	z->pos += got;
	return got;
}

static uLong ZCALLBACK zs_write(voidpf opaque, voidpf stream, const void *buf,
                                uLong size)
{
	(void)opaque;
	(void)stream;
	(void)buf;
	(void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK zs_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct zsrc *)stream)->pos;
}

static long ZCALLBACK zs_seek(voidpf opaque, voidpf stream, ZPOS64_T off,
                              int origin)
{
	(void)opaque;
	struct zsrc *z = stream;
	uint64_t base;
	switch (origin) {
	case ZLIB_FILEFUNC_SEEK_SET:
		base = 0;
		break;
	case ZLIB_FILEFUNC_SEEK_CUR:
		base = z->pos;
		break;
	case ZLIB_FILEFUNC_SEEK_END:
		base = z->len;
		break;
	default:
		return -1;
	}
	if (off > z->len || base > z->len - off)
		return -1;
	z->pos = base + off;
	return 0;
}

static int ZCALLBACK zs_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int ZCALLBACK zs_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct zsrc *)stream)->err;
}

bool xlsx_zip_open(struct table *t, struct table_xlsx *x)
{
	x->io = (zlib_filefunc64_def){zs_open,  zs_read,  zs_write, zs_tell,
	                              zs_seek,  zs_close, zs_error, &x->src};
	x->zf = unzOpen2_64(t->name, &x->io);
	return x->zf != NULL;
}

enum px_err xlsx_zip_fail(struct table *t, struct table_xlsx *x,
                          struct diags *d, const char *part, int code)
{
	if (x->src.err) {
		diag_err(d, t->name, 0, 0, "lỗi đọc tệp: %s",
		         "error reading the file: %s", strerror(x->src.err));
		t->io_error = true;
		return PX_FAIL;
	}
	if (code == UNZ_CRCERROR)
		diag_err(d, t->name, 0, 0,
		         "tệp XLSX hỏng: phần %s sai mã kiểm tra CRC",
		         "corrupt XLSX file: part %s fails its CRC check", part);
	else
		diag_err(d, t->name, 0, 0,
		         "tệp XLSX hỏng: không đọc được phần %s (mã lỗi %d)",
		         "corrupt XLSX file: cannot read part %s (error %d)", part,
		         code);
	return PX_BADINPUT;
}

int xlsx_open_part(struct table *t, struct table_xlsx *x, const char *part,
                   uint64_t limit, uint64_t *size, struct diags *d,
                   enum px_err *e)
{
	int r = unzLocateFile(x->zf, part, CASE_INSENSITIVE);
	if (r == UNZ_END_OF_LIST_OF_FILE)
		return 0;
	unz_file_info64 info;
	if (r == UNZ_OK)
		r = unzGetCurrentFileInfo64(x->zf, &info, NULL, 0, NULL, 0,
		                            NULL, 0);
	if (r != UNZ_OK) {
		*e = xlsx_zip_fail(t, x, d, part, r);
		return -1;
	}
	*e = PX_BADINPUT;
	if (info.flag & 1) {
		diag_err(d, t->name, 0, 0, "tệp XLSX được mã hoá (có mật khẩu)",
		         "the XLSX file is encrypted (password-protected)");
		return -1;
	}
	if (info.compression_method != 0 && info.compression_method != 8) {
		diag_err(d, t->name, 0, 0,
		         "tệp XLSX dùng kiểu nén không hỗ trợ (%lu) ở phần %s",
		         "the XLSX file uses an unsupported compression method "
		         "(%lu) in part %s",
		         (unsigned long)info.compression_method, part);
		return -1;
	}
	if (info.uncompressed_size > limit) {
		diag_err(d, t->name, 0, 0,
		         "phần %s của tệp XLSX quá lớn khi giải nén (%llu byte, "
		         "tối đa %llu)",
		         "part %s of the XLSX file is too large uncompressed "
		         "(%llu bytes, at most %llu)",
		         part, (unsigned long long)info.uncompressed_size,
		         (unsigned long long)limit);
		return -1;
	}
	if (info.uncompressed_size > RATIO_MIN_SIZE &&
	    info.uncompressed_size / RATIO_MAX >= info.compressed_size) {
		diag_err(d, t->name, 0, 0,
		         "phần %s của tệp XLSX có tỉ lệ nén bất thường (%llu byte "
		         "thành %llu): có thể là bom nén",
		         "part %s of the XLSX file has an absurd compression "
		         "ratio (%llu bytes to %llu): a zip bomb?",
		         part, (unsigned long long)info.compressed_size,
		         (unsigned long long)info.uncompressed_size);
		return -1;
	}
	r = unzOpenCurrentFile(x->zf);
	if (r != UNZ_OK) {
		*e = xlsx_zip_fail(t, x, d, part, r);
		return -1;
	}
	x->part_open = true;
	*size = info.uncompressed_size;
	return 1;
}

/* Closes the current entry; a CRC mismatch is an error. */
int xlsx_close_part(struct table *t, struct table_xlsx *x, const char *part,
                    struct diags *d, enum px_err *e)
{
	x->part_open = false;
	int r = unzCloseCurrentFile(x->zf);
	if (r != UNZ_OK) {
		*e = xlsx_zip_fail(t, x, d, part, r);
		return -1;
	}
	return 0;
}

enum px_err xlsx_no_memory(struct table *t, struct diags *d)
{
	diag_err(d, t->name, 0, 0, "hết bộ nhớ khi đọc tệp XLSX",
	         "out of memory reading the XLSX file");
	return PX_FAIL;
}
