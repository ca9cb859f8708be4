# bench/apt-src.sh: sourced by bench scripts that fetch Debian source
# packages.  The caller sets APTDIR, a private apt directory: the system's
# apt sources are not touched.

# apt_src ARGS...: apt-get with a deb-src list for bookworm main
apt_src() {
	if [ ! -f "$APTDIR/.updated" ]; then
		mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
		printf 'deb-src http://deb.debian.org/debian bookworm main\n' \
			>"$APTDIR/sources.list"
		apt-get -qq -o Dir::Etc::SourceList="$APTDIR/sources.list" \
			-o Dir::Etc::SourceParts=/dev/null \
			-o Dir::State::Lists="$APTDIR/lists" \
			-o Dir::Cache="$APTDIR/cache" update
		touch "$APTDIR/.updated"
	fi
	apt-get -qq -o Dir::Etc::SourceList="$APTDIR/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$APTDIR/lists" \
		-o Dir::Cache="$APTDIR/cache" "$@"
}

# debsrc_into TMP DEST PKG=VER: the upstream tree of a source package into
# DEST (created), as its repository has it: the .orig tarball with its one
# top directory removed, or for a native package its tree less debian/.
# Downloads go to TMP.
debsrc_into() {
	(cd "$1" && apt_src source --download-only "$3" >/dev/null) || return 1
	orig=$(ls "$1"/*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | head -1)
	mkdir -p "$2"
	if [ -n "$orig" ]; then
		tar -xf "$orig" -C "$2" --no-same-owner
		n=$(ls -A "$2" | wc -l)
		if [ "$n" = 1 ] && [ -d "$2/$(ls -A "$2")" ]; then
			one=$(ls -A "$2")
			mv "$2/$one" "$2.one"
			rmdir "$2"
			mv "$2.one" "$2"
		fi
	else
		(cd "$1" && dpkg-source -x --no-check ./*.dsc src >/dev/null) ||
			return 1
		cp -R "$1/src/." "$2/"
		rm -rf "$2/debian"
	fi
}
