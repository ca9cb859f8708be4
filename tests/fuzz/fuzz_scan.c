/*
 * fuzz_scan.c: libFuzzer target for the whole scan of an archive: the
 * input is an archive (tar, zip... any libarchive reads) scanned as
 * `dpgaudit scan` does (source, every analyzer, policy; rules and SDG
 * vocabularies loaded once: fuzz.h), then rendered as text and JSON.
 * Seeds are small archives of project trees (tests/fuzz/corpus/fuzz_scan).
 *
 * Checks: no crash, leak or hang; a failed scan has an error and no
 * finding; the reports are inert and valid (fuzz_check_reports).
 */
#include "fuzz.h"
#include "dpg/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dpg_scan_opts opts = DPG_SCAN_OPTS_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_scan scan;
	int rc;

	opts.max_file_size = 256 * 1024;
	dpg_scan_init(&scan);
	rc = dpg_scan_run(&scan, fuzz_file(data, size, "input.tar"), &opts,
			  &err);
	if (rc < 0 && (!scan.error || scan.nfindings))
		abort();
	fuzz_check_reports(&scan);
	dpg_scan_release(&scan);
	return 0;
}
