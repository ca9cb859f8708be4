#!/bin/sh
# tests/fuzz/run.sh BUILD SECONDS TARGET...: run each libFuzzer target for
# SECONDS on its seed corpus (tests/fuzz/corpus/TARGET, in the repository)
# and its working corpus (BUILD/fuzz-corpus/TARGET, kept between runs);
# print one line per target (runs, runs/s, coverage, findings) and end with
# "fuzz: N passed, N failed".  A crash's input is kept in BUILD/fuzz-crash/.
BUILD=$1
SECONDS_EACH=$2
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
pass=0
fail=0
mkdir -p "$BUILD/fuzz-crash" "$BUILD/fuzz-log"
export DPGAUDIT_RULES="$top/rules"
# license texts are third-party data: seeded from data/ (make data)
lic="$BUILD/fuzz-corpus/fuzz_license"
if [ ! -d "$lic" ] && [ -d data/spdx-license-list/licenses ]; then
	mkdir -p "$lic"
	for id in MIT BSD-3-Clause Apache-2.0 ISC GPL-3.0-only MPL-2.0 0BSD Zlib; do
		sqlite3 :memory: "SELECT json_extract(readfile('data/spdx-license-list/licenses/$id.json'), '\$.licenseText')" \
			>"$lic/$id" 2>/dev/null
	done
fi
for t in "$@"; do
	bin="$BUILD/fuzz/$t"
	work="$BUILD/fuzz-corpus/$t"
	seeds="tests/fuzz/corpus/$t"
	log="$BUILD/fuzz-log/$t.log"
	mkdir -p "$work" "$seeds"
	dict=
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
	# tests/fuzz/NAME.options: more libFuzzer flags for one target
	opts="-max_len=65536"
	[ -f "tests/fuzz/$t.options" ] && opts=$(cat "tests/fuzz/$t.options")
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
		$opts -print_final_stats=1 $dict \
		-artifact_prefix="$BUILD/fuzz-crash/$t-" "$work" "$seeds" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*corp: \([0-9]*\).*/cov \1, ft \2, corpus \3/p')
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		echo "fuzz $t: ${runs:-?} runs in ${SECONDS_EACH}s (${rate:-?}/s), ${cov:-?}, no finding"
	else
		fail=$((fail + 1))
		echo "fuzz $t: FAILED (exit $rc) after ${runs:-?} runs; see $log"
		grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -5 | sed 's/^/    /'
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail -eq 0 ]
