# tests/e2e/net.sh: loopback servers for the fetch tests (t40xx), sourced
# after lib.sh.  Every server is stopped when the test exits, even on
# failure, and dies with the test's shell even when that is killed
# (httpd.py sets PR_SET_PDEATHSIG, and guards git daemon the same way).
# Nothing reaches past 127.0.0.1.
#
#   start_httpd           tests/e2e/httpd.py over $T/www: $HTTP is its base
#                         URL; bare repositories go in $T/www/git, files in
#                         $T/www/files (see httpd.py for the failure paths);
#                         $STALL_PORT accepts TCP and never answers
#   start_git_daemon      git daemon over $T/www/git: $GITD is its base URL
#   free_port             print a free TCP port on 127.0.0.1
# Every dpgaudit run is bounded (timeout 300: a hang fails the test with
# exit 124 rather than hanging make check).
DPG_TIMEOUT="timeout 300"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
unset SSH_AUTH_SOCK GIT_ASKPASS SSH_ASKPASS
export DPGAUDIT_CACHE="$T/cache"
mkdir -p "$T/www/git" "$T/www/files"
NET_PIDS=""
net_stop() {
	for _p in $NET_PIDS; do
		kill "$_p" 2>/dev/null
	done
	for _p in $NET_PIDS; do
		wait "$_p" 2>/dev/null
	done
	NET_PIDS=""
}
trap 'net_stop; cd /; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

free_port() {
	python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for FILE: until FILE exists (10 s at most)
wait_for() {
	_i=0
	while [ ! -s "$1" ] && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -s "$1" ]
}

# wait_port PORT: until something listens on 127.0.0.1:PORT (10 s at most)
wait_port() {
	python3 -c 'import socket, sys, time
for i in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)' "$1"
}

start_httpd() {
	python3 "$TOP/tests/e2e/httpd.py" "$T/www" "$T/httpd.port" \
		2>"$T/httpd.log" &
	NET_PIDS="$NET_PIDS $!"
	wait_for "$T/httpd.port" || { not_ok "httpd did not start"; return 1; }
	HTTP="http://127.0.0.1:$(cat "$T/httpd.port")"
	STALL_PORT=$(cat "$T/httpd.port.stall")
}

start_git_daemon() {
	_port=$(free_port)
	python3 "$TOP/tests/e2e/httpd.py" --guard git daemon --reuseaddr \
		--export-all --base-path="$T/www/git" --listen=127.0.0.1 \
		--port="$_port" --informative-errors "$T/www/git" \
		2>"$T/gitd.log" &
	NET_PIDS="$NET_PIDS $!"
	GITD="git://127.0.0.1:$_port"
	wait_port "$_port" || not_ok "git daemon did not start"
}

# serve_repo SRC NAME: a bare clone of SRC served as $T/www/git/NAME.git
serve_repo() {
	git clone -q --bare "$1" "$T/www/git/$2.git"
}
