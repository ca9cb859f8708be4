#!/bin/sh
# The HTML reports in a real browser: Debian's chromium, headless.
# --dump-dom shows what the page became after any script would have run;
# tests/browser/check.js (playwright-core driving /usr/bin/chromium, no
# browser download) checks the checklist, the evidence links, the chart,
# printing, the overview's sorting and filtering, and that a hostile
# repository's content stays inert.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/report-lib.sh"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
	not_ok "no $CHROMIUM (scripts/install-deps.sh installs Debian's chromium)"
	finish
	exit 1
fi

make_project demo
make_weak weak
make_hostile h
dpgaudit scan -q demo >/dev/null
dpgaudit scan -q weak >/dev/null
dpgaudit scan -q --nomination h.json h >/dev/null
as_forge 1 https://github.com/example-org/clinicqueue
dpgaudit report 1 --format html -o report.html
dpgaudit report 3 --format html -o hostile.html
run dpgaudit report --all -o overview.html
expect_rc 0 "report --all -o FILE.html"
run dpgaudit report --all -o site
expect_rc 0 "report --all -o DIR"
expect_eq "$(ls site | tr '\n' ' ')" "index.html scan-1.html scan-2.html scan-3.html " \
	"one report per target beside the overview"
grep -q 'href="scan-2.html"' site/index.html && ok || not_ok "the overview links to each report file"
grep -q 'href="index.html"' site/scan-2.html && ok || not_ok "each report links back"

# the one script of the overview is the one its CSP hash allows
/usr/bin/python3 - overview.html <<'PY' && ok || not_ok "the overview's CSP hash is its script's"
import base64, hashlib, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
csp = re.search(r"script-src '(sha256-[^']+)'", html).group(1)
h = "sha256-" + base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
sys.exit(0 if len(scripts) == 1 and h == csp else 1)
PY

chrome() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$T/chrome.XXXXXX")" "$@" 2>/dev/null
}
chrome --dump-dom "file://$T/hostile.html" >dom.html
grep -q "<title>dpgaudit: &lt;script&gt;document.title='pwned'&lt;/script&gt;" dom.html && ok ||
	not_ok "dump-dom: the title is the escaped name, unchanged"
grep -qi '<img\|<script' dom.html && not_ok "dump-dom: an element from the repository" || ok
chrome --dump-dom "file://$T/report.html" >dom.html
grep -q 'href="https://github.com/example-org/clinicqueue/blob/0123456789abcdef0123456789abcdef01234567/README.md#L9"' dom.html &&
	ok || not_ok "dump-dom: the evidence links to the file at the commit"
chrome --screenshot="$T/shot.png" --window-size=1200,1600 "file://$T/report.html" >/dev/null
[ -s shot.png ] && ok || not_ok "a screenshot of the report"

# clicks: playwright-core, pinned in tests/browser (npm ci when missing)
B="$TOP/tests/browser"
if [ ! -d "$B/node_modules/playwright-core" ]; then
	(cd "$B" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null 2>&1)
fi
if CHROMIUM="$CHROMIUM" node "$B/check.js" report.html hostile.html overview.html "$T" >browser.out 2>&1; then
	ok
else
	not_ok "the browser checks"
	sed 's/^/    | /' browser.out | head -30
fi
cat browser.out | grep FAIL
cp "$T"/*.png "${DPGAUDIT_SHOTS:-/nonexistent}/" 2>/dev/null
finish
