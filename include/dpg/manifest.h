/*
 * manifest.h: the one reader of package manifests, serving both the
 * license analyzer (license fields) and the dependency analyzer
 * (dependencies).
 *
 * dpg_manifest_kind() recognises a manifest by its path; one call of
 * dpg_manifest_read() reads it once (a JSON manifest is parsed once) and
 * reports its license fields and its dependencies to whichever sinks are
 * set.  dpg_manifest_unread() names the manifests dpgaudit knows of but
 * does not read (build.sbt, CMakeLists.txt...), so that a scan can say
 * which were found and not read.  Line readers, no full TOML/YAML/XML
 * parser: an unusual layout may be missed, never invented.
 */
#ifndef DPG_MANIFEST_H
#define DPG_MANIFEST_H

#include <stddef.h>
#include "dpg/licdecl.h"

enum dpg_manifest_kind {
	DPG_MANIFEST_NONE = 0,
	DPG_MANIFEST_NPM,	      /* package.json */
	DPG_MANIFEST_COMPOSER,	      /* composer.json */
	DPG_MANIFEST_REQUIREMENTS,    /* requirements*.txt */
	DPG_MANIFEST_PYPROJECT,	      /* pyproject.toml */
	DPG_MANIFEST_PIPFILE,	      /* Pipfile */
	DPG_MANIFEST_SETUP_CFG,	      /* setup.cfg */
	DPG_MANIFEST_SETUP_PY,	      /* setup.py */
	DPG_MANIFEST_POM,	      /* pom.xml */
	DPG_MANIFEST_GRADLE,	      /* build.gradle(.kts) */
	DPG_MANIFEST_GRADLE_CATALOG,  /* gradle/libs.versions.toml */
	DPG_MANIFEST_GOMOD,	      /* go.mod */
	DPG_MANIFEST_CARGO,	      /* Cargo.toml */
	DPG_MANIFEST_GEMFILE,	      /* Gemfile */
	DPG_MANIFEST_GEMSPEC,	      /* *.gemspec */
	DPG_MANIFEST_MIX,	      /* mix.exs */
	DPG_MANIFEST_PUBSPEC,	      /* pubspec.yaml */
	DPG_MANIFEST_DESCRIPTION,     /* R DESCRIPTION */
	DPG_MANIFEST_CABAL,	      /* *.cabal */
	DPG_MANIFEST_DOTNET,	      /* *.csproj, *.fsproj, *.vbproj,
					 Directory.Packages.props */
	DPG_MANIFEST_NUSPEC,	      /* *.nuspec */
	DPG_MANIFEST_PACKAGES_CONFIG, /* packages.config */
	DPG_MANIFEST_SWIFT,	      /* Package.swift */
	DPG_MANIFEST_PODFILE,	      /* Podfile */
	DPG_MANIFEST_PODSPEC,	      /* *.podspec */
	DPG_MANIFEST_GODOT,	      /* project.godot */
	DPG_MANIFEST_COMPOSE,	      /* docker-compose*.yml, compose*.yml */
	DPG_MANIFEST_HELM,	      /* values*.yaml */
	DPG_MANIFEST_DOCKERFILE,      /* Dockerfile, Containerfile */
	DPG_MANIFEST_CMAKE,	      /* CMakeLists.txt */
	DPG_MANIFEST_AUTOCONF,	      /* configure.ac, configure.in */
	DPG_MANIFEST_MESON,	      /* meson.build */
	DPG_MANIFEST_CONAN,	      /* conanfile.txt */
	DPG_MANIFEST_VCPKG,	      /* vcpkg.json */
	DPG_MANIFEST_COUNT
};

/* The kind of manifest path names (by its base name), or NONE. */
int dpg_manifest_kind(const char *path);

/* "package.json", "Podfile"...: the manifest's label. */
const char *dpg_manifest_label(int kind);

/*
 * A manifest dpgaudit knows of but does not read: its label with the
 * ecosystem ("build.sbt (Scala sbt)", "CMakeLists.txt (CMake)"), or NULL.
 */
const char *dpg_manifest_unread(const char *path);

/* Where one read reports.  Any part may be NULL. */
struct dpg_manifest_sink {
	/* license fields: "license-manifest" / "license-manifest-invalid"
	 * findings through lic->emit (see licdecl.h) */
	const struct dpg_licdecl_ctx *lic;
	/* one dependency: ecosystem ("npm", "pypi", "maven", "go", "cargo",
	 * "gem", "composer", "nuget", "hex", "pub", "cran", "swift",
	 * "cocoapods", "godot", "docker", "cmake", "pkgconfig", "lib",
	 * "conan"), name and version (not NUL-terminated, ver may be NULL),
	 * development/test/optional (dev), and the manifest line [ls, le) */
	void (*dep)(void *ctx, unsigned int line, const char *eco,
		    const char *name, size_t nlen, const char *ver, size_t vlen,
		    int dev, const char *ls, const char *le);
	/* the manifest could not be read as its kind (why: one line) */
	void (*unreadable)(void *ctx, const char *why);
	void *ctx;
};

/*
 * Read the manifest at path (text, len bytes) once and report to s.
 * Returns the kind read, or DPG_MANIFEST_NONE when path is no manifest.
 */
int dpg_manifest_read(const char *path, const char *text, size_t len,
		      const struct dpg_manifest_sink *s);

#endif
