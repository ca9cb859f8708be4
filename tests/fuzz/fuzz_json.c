/*
 * fuzz_json.c: libFuzzer target for the JSON reader and the nomination
 * record validator (untrusted input both).
 *
 *   make build/libdpgaudit.a
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     -D_XOPEN_SOURCE=700 tests/fuzz/fuzz_json.c src/util/[a-z]*.c \
 *     src/nomination/nomination.c build/libdpgaudit.a -lpcre2-8 -lm \
 *     -o build/fuzz_json
 *   build/fuzz_json -max_total_time=60
 *
 * Checks: no crash, no leak; every string the reader returns is exactly
 * as long as it says; a parsed record's fields are within their bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/arena.h"
#include "dpg/json.h"
#include "dpg/nomination.h"

static void walk(const struct dpg_json *v, int depth)
{
	size_t i;

	if (depth > DPG_JSON_MAX_DEPTH + 1)
		abort();
	if (v->type == DPG_JSON_STRING && strlen(v->str) > v->len)
		abort();
	for (i = 0; i < v->n; i++)
		walk(&v->items[i], depth + 1);
}

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_json *v;
	struct dpg_nomination n;
	size_t i;

	if (dpg_json_parse(&v, (const char *)data, size, &a, NULL) == 0)
		walk(v, 0);
	if (dpg_nomination_parse(&n, "fuzz", (const char *)data, size, &a,
				 NULL) == 0) {
		for (i = 0; i < n.nsdgs; i++)
			if (n.sdgs[i].goal < 1 || n.sdgs[i].goal > 17)
				abort();
		if (!n.name || !*n.name)
			abort();
	}
	dpg_arena_release(&a);
	return 0;
}
