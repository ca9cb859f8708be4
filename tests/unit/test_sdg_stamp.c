/*
 * test_sdg_stamp.c: dpg_sdg_fingerprint_dir() stamps the shipped
 * vocabulary's directory from the names it listed (src/sdg/vocab.c,
 * names_stamp), and the load after it compares its own stamp of the
 * directory (dir_stamp) with that one: equal, the load takes the built-in
 * vocabulary without reading the files again.  Seen here by a file whose
 * text is changed after the fingerprint with its size and time kept: the
 * load does not read it (the stamps are equal); with its time changed too,
 * it does (they are not).
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/sdg/sdg_int.h"
#include "dpg/buf.h"
#include "dpg/sdg.h"
#include "dpg/util.h"
#include "test.h"

/* Write the shipped texts into dir; 0 when all are written. */
static int write_shipped(const char *dir)
{
	size_t i;
	int bad = mkdir(dir, 0755) != 0;

	for (i = 0; i < dpg_sdg_builtin_nfiles && !bad; i++) {
		const struct dpg_known_file *k = &dpg_sdg_builtin_files[i];
		char *p = xasprintf("%s/%s", dir, k->name);
		int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		bad = fd < 0 || write(fd, k->text, k->len) != (ssize_t)k->len;
		if (fd >= 0)
			close(fd);
		free(p);
	}
	return bad ? -1 : 0;
}

/* Change the third byte of path (a comment's: the size kept), then set
 * its modification time to *when (its own before the change, or another). */
static int change_byte(const char *path, const struct timespec *when)
{
	struct timespec t[2];
	int fd = open(path, O_RDWR), rc = -1;
	char c;

	if (fd < 0)
		return -1;
	if (pread(fd, &c, 1, 2) == 1) {
		c = c == 'x' ? 'y' : 'x';
		if (pwrite(fd, &c, 1, 2) == 1) {
			t[0] = *when;
			t[1] = *when;
			rc = futimens(fd, t);
		}
	}
	close(fd);
	return rc;
}

TEST(test_sdg_stamp__load_after_fingerprint)
{
	char tmpl[] = "/tmp/test_sdg_stamp.XXXXXX";
	char *d = mkdtemp(tmpl), *dir, *first, *errors = NULL, *cmd;
	struct dpg_buf fp = DPG_BUF_INIT(1 << 20);
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_sdg_vocab *v = NULL;
	struct timespec other;
	struct stat st;
	int round;

	CHECK(d != NULL);
	dir = xasprintf("%s/sdg", d);
	first = xasprintf("%s/%s", dir, dpg_sdg_builtin_files[0].name);
	for (round = 0; round < 2; round++) {
		/* a fresh copy each round: another directory's stamp */
		cmd = xasprintf("rm -rf '%s'", dir);
		CHECK_INT(system(cmd), 0);
		free(cmd);
		CHECK_INT(write_shipped(dir), 0);
		CHECK_INT(stat(first, &st), 0);
		dpg_buf_reset(&fp);
		CHECK_INT(dpg_sdg_fingerprint_dir(&fp, dir, &err), 0);
		CHECK(strstr(fp.ptr, dpg_sdg_builtin_files[0].hash) != NULL);
		other = st.st_mtim;
		other.tv_sec -= 1000;
		CHECK_INT(change_byte(first, round == 0 ? &st.st_mtim : &other),
			  0);
		CHECK_INT(dpg_sdg_vocab_load(&v, dir, NULL, &errors, &err), 0);
		if (round == 0) {
			/* the same stamp: the built-in vocabulary, not read */
			CHECK(v == &dpg_sdg_builtin);
		} else {
			/* another time: read, and not the shipped text */
			CHECK(v != &dpg_sdg_builtin);
			dpg_sdg_vocab_free(v);
		}
		free(errors);
		errors = NULL;
	}
	dpg_buf_release(&fp);
	cmd = xasprintf("rm -rf '%s'", d);
	CHECK_INT(system(cmd), 0);
	free(cmd);
	free(first);
	free(dir);
}

TEST_MAIN("test_sdg_stamp", T(test_sdg_stamp__load_after_fingerprint))
