/*
 * fuzz.h: what the libFuzzer targets of tests/fuzz/ share.  `make fuzz`
 * builds each fuzz_*.c with clang, libFuzzer, ASan and UBSan against
 * build-fuzz/libdpgaudit.a and runs it (docs/SECURITY.md).
 *
 * Loading the shipped rules and SDG vocabularies compiles hundreds of
 * PCRE2 patterns: done per input it would hold a target to a few inputs a
 * second.  The targets are linked with
 *   -Wl,--wrap=dpg_ruleset_load,--wrap=dpg_ruleset_free,
 *        --wrap=dpg_sdg_vocab_load,--wrap=dpg_sdg_vocab_free
 * so that the analyzers' begin() get the same ruleset and vocabulary,
 * loaded once, and their free() leaves them alone (the SDG analyzer now
 * shares one vocabulary per process itself).  Nothing in src/ knows.
 */
#ifndef DPG_FUZZ_H
#define DPG_FUZZ_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dpg/arena.h"
#include "dpg/error.h"
#include "dpg/json.h"
#include "dpg/report.h"
#include "dpg/rules.h"
#include "dpg/scan.h"
#include "dpg/sdg.h"
#include "dpg/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int __real_dpg_ruleset_load(struct dpg_ruleset **out, const char *extra_dir,
			    struct dpg_rules_diag *diag, struct dpg_error *err);
int __wrap_dpg_ruleset_load(struct dpg_ruleset **out, const char *extra_dir,
			    struct dpg_rules_diag *diag, struct dpg_error *err);
void __real_dpg_ruleset_free(struct dpg_ruleset *rs);
void __wrap_dpg_ruleset_free(struct dpg_ruleset *rs);
int __real_dpg_sdg_vocab_load(struct dpg_sdg_vocab **out, const char *dir,
			      const char *override_dir, char **errors,
			      struct dpg_error *err);
int __wrap_dpg_sdg_vocab_load(struct dpg_sdg_vocab **out, const char *dir,
			      const char *override_dir, char **errors,
			      struct dpg_error *err);
void __real_dpg_sdg_vocab_free(struct dpg_sdg_vocab *v);
void __wrap_dpg_sdg_vocab_free(struct dpg_sdg_vocab *v);

/*
 * Rulesets are not shared: each holder (the analyzer's config, a thread's
 * scratch when it loads its own) owns one, as with the real loader.  A
 * ruleset this loader made goes back to a pool when freed and is handed
 * out again instead of being compiled anew; any other ruleset (a thread's
 * share of the config's, dpg_ruleset_share) is freed for real.
 */
static struct dpg_ruleset *fuzz_made[64], *fuzz_pool[64];
static size_t fuzz_nmade, fuzz_npool;
static pthread_mutex_t fuzz_lock = PTHREAD_MUTEX_INITIALIZER;
static struct dpg_sdg_vocab *fuzz_vocab;

int __wrap_dpg_ruleset_load(struct dpg_ruleset **out, const char *extra_dir,
			    struct dpg_rules_diag *diag, struct dpg_error *err)
{
	pthread_mutex_lock(&fuzz_lock);
	*out = fuzz_npool ? fuzz_pool[--fuzz_npool] : NULL;
	pthread_mutex_unlock(&fuzz_lock);
	if (*out)
		return 0;
	if (__real_dpg_ruleset_load(out, extra_dir, diag, err) < 0) {
		fprintf(stderr, "fuzz: cannot load the rules: %s\n", err->msg);
		abort();
	}
	pthread_mutex_lock(&fuzz_lock);
	if (fuzz_nmade < DPG_ARRAY_SIZE(fuzz_made))
		fuzz_made[fuzz_nmade++] = *out;
	pthread_mutex_unlock(&fuzz_lock);
	return 0;
}

void __wrap_dpg_ruleset_free(struct dpg_ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	pthread_mutex_lock(&fuzz_lock);
	for (i = 0; i < fuzz_nmade; i++)
		if (fuzz_made[i] == rs) {
			fuzz_pool[fuzz_npool++] = rs;
			rs = NULL;
			break;
		}
	pthread_mutex_unlock(&fuzz_lock);
	__real_dpg_ruleset_free(rs);
}

int __wrap_dpg_sdg_vocab_load(struct dpg_sdg_vocab **out, const char *dir,
			      const char *override_dir, char **errors,
			      struct dpg_error *err)
{
	if (!fuzz_vocab &&
	    __real_dpg_sdg_vocab_load(&fuzz_vocab, dir, override_dir, errors,
				      err) < 0) {
		fprintf(stderr, "fuzz: cannot load the SDG vocabulary: %s\n",
			err->msg);
		abort();
	}
	*out = fuzz_vocab;
	return 0;
}

void __wrap_dpg_sdg_vocab_free(struct dpg_sdg_vocab *v)
{
	if (v != fuzz_vocab)
		__real_dpg_sdg_vocab_free(v);
}

/*
 * Write size bytes to a file in a private temporary directory (tmpfs when
 * there is one) and return its path; the same path each call.
 */
static inline const char *fuzz_file(const uint8_t *data, size_t size,
				    const char *name)
{
	static char dir[64], path[128];
	FILE *f;

	if (!dir[0]) {
		const char *base =
			access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

		snprintf(dir, sizeof(dir), "%s/dpgfuzz.XXXXXX", base);
		if (!mkdtemp(dir))
			abort();
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	return path;
}

/*
 * Render scan in every format and check what a reader gets: the text
 * report is valid UTF-8 without a control character but newlines (no
 * escape sequence, no bidi override can reach a terminal), and the JSON
 * report parses.
 */
static inline void fuzz_check_reports(const struct dpg_scan *scan)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_json *v;
	char *buf = NULL;
	size_t len = 0, i, n;
	uint32_t cp;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f || dpg_report_write(f, scan, DPG_FMT_TEXT, NULL) < 0 ||
	    fclose(f) != 0)
		abort();
	for (i = 0; i < len; i += n) {
		n = dpg_utf8_decode(buf + i, len - i, &cp);
		if (!n || (cp != '\n' && dpg_cp_is_unsafe(cp))) {
			fprintf(stderr,
				"fuzz: unsafe byte 0x%02x at %zu of "
				"the text report\n",
				(unsigned char)buf[i], i);
			abort();
		}
	}
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	if (!f || dpg_report_write(f, scan, DPG_FMT_JSON, NULL) < 0 ||
	    fclose(f) != 0)
		abort();
	if (dpg_json_parse(&v, buf, len, &a, NULL) < 0) {
		fprintf(stderr, "fuzz: the JSON report does not parse\n");
		abort();
	}
	for (i = 0; i < len; i += n) {
		n = dpg_utf8_decode(buf + i, len - i, &cp);
		if (!n)
			abort(); /* JSON must be valid UTF-8 */
	}
	free(buf);
	dpg_arena_release(&a);
}

#endif
