#!/bin/sh
# https fetches verify the server's certificate: a loopback TLS server with
# a self-signed certificate (openssl s_server) is refused, for a git URL
# (libgit2) and for an archive URL (libcurl), with the reason named, exit
# 2, the scan stored as failed and nothing in the cache.  Guards the
# deferred loading of libgit2's CA store (src/source/git_tls.c): putting
# the parse off must never mean trusting everything.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/e2e/net.sh"

command -v openssl >/dev/null || { echo "t4006: openssl missing" >&2; exit 1; }
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
	-days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
	>/dev/null 2>&1
port=$(free_port)
openssl s_server -accept "127.0.0.1:$port" -cert cert.pem -key key.pem \
	-www -quiet >/dev/null 2>&1 &
NET_PIDS="$NET_PIDS $!"
wait_port "$port" && ok || not_ok "the TLS server did not start"

run dpgaudit scan "https://127.0.0.1:$port/proj.git" </dev/null
expect_rc 2 "git over https, self-signed"
expect_err "^dpgaudit: cannot fetch 'https://127.0.0.1:$port/proj': .*(certificate|CA)" \
	"git over https: the certificate named"
expect_err_one_line "git over https"

run dpgaudit scan "https://127.0.0.1:$port/proj.tar.gz" </dev/null
expect_rc 2 "archive over https, self-signed"
expect_err "^dpgaudit: cannot fetch 'https://127.0.0.1:$port/proj.tar.gz': .*certificate" \
	"archive over https: the certificate named"

expect_eq "$(sql "SELECT group_concat(status) FROM scans")" "failed,failed" \
	"both stored as failed"
expect_eq "$(find "$DPGAUDIT_CACHE" -type f 2>/dev/null | grep -v '\.lock$' | wc -l | tr -d ' ')" 0 \
	"nothing cached"
finish
