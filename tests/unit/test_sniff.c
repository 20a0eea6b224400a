/*
 * io/sniff: what an evidence upload really is, from its bytes. The ZIP
 * cases are real archives written by minizip in the test (a temporary
 * file read back), so they have exactly the layout office suites write:
 * a Word, Excel or PowerPoint package is a ZIP with [Content_Types].xml
 * and its word/, xl/ or ppt/ part; an OpenDocument file is a ZIP whose
 * first entry is "mimetype", stored, holding one of the three accepted
 * types and nothing more. Every other ZIP (a plain archive, a package
 * with only [Content_Types].xml, parts without [Content_Types].xml, an
 * unknown or extended OpenDocument type) is refused, whatever the file's
 * name says. Also the fixed signatures, truncated headers, and the safe
 * file name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <minizip/zip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "io/sniff.h"

#define DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define PPTX "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#define ODT "application/vnd.oasis.opendocument.text"
#define ODS "application/vnd.oasis.opendocument.spreadsheet"
#define ODP "application/vnd.oasis.opendocument.presentation"

struct entry {
	const char *name;
	const char *content;
	bool stored; /* else deflated */
};

struct bytes {
	unsigned char *data;
	size_t len;
};

/* A ZIP archive of entries (NULL-terminated by name), written by minizip. */
static struct bytes make_zip(const struct entry *entries)
{
	char path[256];
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(path, sizeof path, "%s/test_sniff_%d.zip", dir, (int)getpid());
	zipFile z = zipOpen(path, APPEND_STATUS_CREATE);
	assert_non_null(z);
	for (const struct entry *e = entries; e->name; e++) {
		zip_fileinfo info = {0};
		int method = e->stored ? 0 : Z_DEFLATED;
		assert_int_equal(zipOpenNewFileInZip(z, e->name, &info, NULL, 0, NULL, 0, NULL, method,
		                                     e->stored ? 0 : Z_DEFAULT_COMPRESSION),
		                 ZIP_OK);
		assert_int_equal(zipWriteInFileInZip(z, e->content, (unsigned)strlen(e->content)),
		                 ZIP_OK);
		assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
	}
	assert_int_equal(zipClose(z, NULL), ZIP_OK);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct bytes b = {malloc(1 << 20), 0};
	b.len = fread(b.data, 1, 1 << 20, f);
	fclose(f);
	unlink(path);
	assert_true(b.len > 30);
	assert_memory_equal(b.data, "PK\x03\x04", 4);
	return b;
}

static const char *sniff_zip(const struct entry *entries)
{
	struct bytes b = make_zip(entries);
	const char *type = sniff_document(b.data, b.len);
	free(b.data);
	return type;
}

#define CT "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"

static void assert_type(const char *got, const char *want)
{
	if (!want && got)
		fail_msg("expected refusal, got %s", got);
	if (want && (!got || strcmp(got, want)))
		fail_msg("expected %s, got %s", want, got ? got : "refusal");
}

static void test_office_packages(void **state)
{
	(void)state;
	assert_type(sniff_zip((struct entry[]){{"[Content_Types].xml", CT, false},
	                                       {"_rels/.rels", "<Relationships/>", false},
	                                       {"word/document.xml", "<w:document/>", false},
	                                       {NULL, NULL, false}}),
	            DOCX);
	assert_type(sniff_zip((struct entry[]){{"[Content_Types].xml", CT, false},
	                                       {"xl/workbook.xml", "<workbook/>", false},
	                                       {NULL, NULL, false}}),
	            XLSX);
	assert_type(sniff_zip((struct entry[]){{"[Content_Types].xml", CT, false},
	                                       {"ppt/presentation.xml", "<p:presentation/>", false},
	                                       {NULL, NULL, false}}),
	            PPTX);
	/* the part may come before [Content_Types].xml */
	assert_type(sniff_zip((struct entry[]){{"word/document.xml", "<w:document/>", false},
	                                       {"[Content_Types].xml", CT, false},
	                                       {NULL, NULL, false}}),
	            DOCX);
}

/* testcase: the ZIPs that must never pass for a document */
static void test_other_zips_refused(void **state)
{
	(void)state;
	/* a plain archive */
	assert_type(sniff_zip((struct entry[]){{"readme.txt", "hello", false},
	                                       {"run.sh", "#!/bin/sh\nrm -rf /\n", false},
	                                       {NULL, NULL, false}}),
	            NULL);
	/* a stored plain archive */
	assert_type(sniff_zip((struct entry[]){{"index.html", "<script>alert(1)</script>", true},
	                                       {NULL, NULL, false}}),
	            NULL);
	/* only [Content_Types].xml */
	assert_type(sniff_zip((struct entry[]){{"[Content_Types].xml", CT, false},
	                                       {NULL, NULL, false}}),
	            NULL);
	/* [Content_Types].xml with an unknown part */
	assert_type(sniff_zip((struct entry[]){{"[Content_Types].xml", CT, false},
	                                       {"evil/payload.html", "<script>x</script>", false},
	                                       {NULL, NULL, false}}),
	            NULL);
	/* an Office part without [Content_Types].xml is no package */
	assert_type(sniff_zip((struct entry[]){{"word/document.xml", "<w:document/>", false},
	                                       {NULL, NULL, false}}),
	            NULL);
	assert_type(sniff_zip((struct entry[]){{"xl/index.html", "<script>x</script>", false},
	                                       {NULL, NULL, false}}),
	            NULL);
	/* an empty archive (only the end of central directory record) */
	static const unsigned char empty[22] = "PK\x05\x06";
	assert_type(sniff_document(empty, sizeof empty), NULL);
}

static void test_opendocument(void **state)
{
	(void)state;
	static const char *const ok[] = {ODT, ODS, ODP};
	for (size_t i = 0; i < 3; i++)
		assert_type(sniff_zip((struct entry[]){{"mimetype", ok[i], true},
		                                       {"content.xml", "<office:document-content/>", false},
		                                       {NULL, NULL, false}}),
		            ok[i]);
	/* testcase: unknown OpenDocument types, and accepted ones extended */
	static const char *const bad[] = {
		"application/vnd.oasis.opendocument.graphics",
		"application/vnd.oasis.opendocument.formula",
		"application/x-shockwave-flash",
		"text/html",
		"application/vnd.oasis.opendocument.textx",
		"application/vnd.oasis.opendocument.text-web",
		"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *got = sniff_zip((struct entry[]){{"mimetype", bad[i], true},
		                                             {"content.xml", "<x/>", false},
		                                             {NULL, NULL, false}});
		if (got)
			fail_msg("mimetype \"%s\" accepted as %s", bad[i], got);
	}
	/* a "mimetype" that is not the first entry, or deflated, proves nothing
	 * and the archive is no Office package either */
	assert_type(sniff_zip((struct entry[]){{"content.xml", "<x/>", false},
	                                       {"mimetype", ODT, true},
	                                       {NULL, NULL, false}}),
	            NULL);
	assert_type(sniff_zip((struct entry[]){{"mimetype", ODT, false},
	                                       {NULL, NULL, false}}),
	            NULL);
	/* a longer first name that starts with "mimetype" */
	assert_type(sniff_zip((struct entry[]){{"mimetypes", ODT, true}, {NULL, NULL, false}}), NULL);
}

static void test_signatures(void **state)
{
	(void)state;
	static const unsigned char pdf[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	static const unsigned char jpg[] = "\xff\xd8\xff\xe0\0\x10JFIF";
	static const unsigned char ole[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0";
	assert_type(sniff_document(pdf, sizeof pdf - 1), "application/pdf");
	assert_type(sniff_document(png, sizeof png - 1), "image/png");
	assert_type(sniff_document(jpg, sizeof jpg - 1), "image/jpeg");
	assert_type(sniff_document(ole, sizeof ole - 1), "application/vnd.ms-office");
	/* testcase: one byte short of each signature */
	assert_type(sniff_document(pdf, 4), NULL);
	assert_type(sniff_document(png, 7), NULL);
	assert_type(sniff_document(jpg, 2), NULL);
	assert_type(sniff_document(ole, 7), NULL);
	assert_type(sniff_document((const unsigned char *)"", 0), NULL);
	static const char *const hostile[] = {
		"<!DOCTYPE html><script>alert(1)</script>",
		"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
		"#!/bin/sh\n", "MZ\x90\0", "\x7f" "ELF", " %PDF-1.4",
	};
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
		assert_type(sniff_document((const unsigned char *)hostile[i], strlen(hostile[i])), NULL);
}

/* testcase: local headers whose names run past the end of the data */
static void test_truncated_zip(void **state)
{
	(void)state;
	struct bytes b = make_zip((struct entry[]){{"[Content_Types].xml", CT, false},
	                                           {"word/document.xml", "<w:document/>", false},
	                                           {NULL, NULL, false}});
	/* cut inside the second entry's header or name: its part is not seen;
	 * with the whole name it is */
	size_t second = 0;
	for (size_t i = 4; i + 4 <= b.len; i++)
		if (!memcmp(b.data + i, "PK\x03\x04", 4)) {
			second = i;
			break;
		}
	assert_true(second > 0);
	size_t whole = second + 30 + strlen("word/document.xml");
	for (size_t cut = second; cut <= whole; cut++) {
		unsigned char *copy = malloc(cut);
		memcpy(copy, b.data, cut);
		assert_type(sniff_document(copy, cut), cut == whole ? DOCX : NULL);
		free(copy);
	}
	free(b.data);
	/* a header claiming a 65535-byte name in a 40-byte buffer */
	unsigned char h[40] = "PK\x03\x04";
	h[26] = 0xff;
	h[27] = 0xff;
	unsigned char *heap = malloc(sizeof h);
	memcpy(heap, h, sizeof h);
	assert_type(sniff_document(heap, sizeof h), NULL);
	free(heap);
}

static void test_safe_filename(void **state)
{
	(void)state;
	char out[256];
	sniff_safe_filename("../../etc/pass\x01wd\".pdf", out, sizeof out);
	assert_string_equal(out, "pass_wd_.pdf");
	sniff_safe_filename("C:\\Users\\x\\..hidden.docx", out, sizeof out);
	assert_string_equal(out, "hidden.docx");
	sniff_safe_filename("..", out, sizeof out);
	assert_string_equal(out, "file");
	sniff_safe_filename("", out, sizeof out);
	assert_string_equal(out, "file");
	sniff_safe_filename("<b onload='x'>;`.pdf", out, sizeof out);
	assert_string_equal(out, "_b onload=_x____.pdf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_office_packages),
		cmocka_unit_test(test_other_zips_refused),
		cmocka_unit_test(test_opendocument),
		cmocka_unit_test(test_signatures),
		cmocka_unit_test(test_truncated_zip),
		cmocka_unit_test(test_safe_filename),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
