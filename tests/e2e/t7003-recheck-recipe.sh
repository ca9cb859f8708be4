#!/bin/sh
# docs/SCALING.md's scheduled re-check wrapper, taken from the page and
# run as cron or a systemd timer would: the report written to a file,
# mailed only when something regressed or failed, dpgaudit's exit status.
. "$(dirname "$0")/lib.sh"

awk '/^```sh$/ {on = 1; next} on && /^```$/ {exit} on' \
	"$TOP/docs/SCALING.md" >wrapper.sh
grep -q "dpgaudit recheck" wrapper.sh && ok || not_ok "the recipe was found"
grep -q '^mail -s\|	mail -s' wrapper.sh && ok || not_ok "it mails the report"

# a stand-in mailer and dpgaudit on PATH
mkdir bin
cat >bin/mail <<EOT
#!/bin/sh
echo "to=\$3 subject=\$2" >>"$T/mails"
cat >>"$T/mails"
EOT
printf '#!/bin/sh\nexec "%s" "$@"\n' "$BUILD/dpgaudit" >bin/dpgaudit
chmod +x bin/mail bin/dpgaudit

mkdir -p reports proj
printf '# Clinic queue\n' >proj/README.md
license_text MIT >proj/LICENSE
printf 'repository\n%s/proj\n' "$T" >listed.csv
export DPG_DB="$T/dpg.db" DPG_LIST="$T/listed.csv" DPG_REPORTS="$T/reports"
export DPG_MAILTO=reviewers@example.org

PATH="$T/bin:$PATH" run sh wrapper.sh
expect_rc 0 "first run: nothing to compare, exit 0"
[ ! -e mails ] && ok || not_ok "no mail when nothing regressed"
ls reports/recheck-*.md >/dev/null 2>&1 && ok || not_ok "the report is kept"

rm proj/LICENSE
PATH="$T/bin:$PATH" run sh wrapper.sh
expect_rc 6 "a regression: the wrapper exits 6"
grep -q "^to=reviewers@example.org subject=dpgaudit re-check: regressions$" mails &&
	ok || not_ok "the reviewers are mailed: $(head -1 mails 2>/dev/null)"
grep -q "project license removed (was MIT)" mails && ok ||
	not_ok "the mail is the report"
grep -q "project license removed" reports/recheck-*.md && ok ||
	not_ok "the report file says the same"

finish
