/*
 * manifest.c: which files are manifests, and the one read of each
 * (license fields: license.c; dependencies: deps.c).  See manifest.h.
 */
#include <string.h>

#include "dpg/arena.h"
#include "dpg/util.h"
#include "manifest_int.h"
#include "dpg/banned.h"

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static const char *const labels[DPG_MANIFEST_COUNT] = {
	[DPG_MANIFEST_NPM] = "package.json",
	[DPG_MANIFEST_COMPOSER] = "composer.json",
	[DPG_MANIFEST_REQUIREMENTS] = "requirements.txt",
	[DPG_MANIFEST_PYPROJECT] = "pyproject.toml",
	[DPG_MANIFEST_PIPFILE] = "Pipfile",
	[DPG_MANIFEST_SETUP_CFG] = "setup.cfg",
	[DPG_MANIFEST_SETUP_PY] = "setup.py",
	[DPG_MANIFEST_POM] = "pom.xml",
	[DPG_MANIFEST_GRADLE] = "build.gradle",
	[DPG_MANIFEST_GRADLE_CATALOG] = "libs.versions.toml",
	[DPG_MANIFEST_GOMOD] = "go.mod",
	[DPG_MANIFEST_CARGO] = "Cargo.toml",
	[DPG_MANIFEST_GEMFILE] = "Gemfile",
	[DPG_MANIFEST_GEMSPEC] = "gemspec",
	[DPG_MANIFEST_MIX] = "mix.exs",
	[DPG_MANIFEST_PUBSPEC] = "pubspec.yaml",
	[DPG_MANIFEST_DESCRIPTION] = "DESCRIPTION",
	[DPG_MANIFEST_CABAL] = "cabal",
	[DPG_MANIFEST_DOTNET] = "csproj",
	[DPG_MANIFEST_NUSPEC] = "nuspec",
	[DPG_MANIFEST_PACKAGES_CONFIG] = "packages.config",
	[DPG_MANIFEST_SWIFT] = "Package.swift",
	[DPG_MANIFEST_PODFILE] = "Podfile",
	[DPG_MANIFEST_PODSPEC] = "podspec",
	[DPG_MANIFEST_GODOT] = "project.godot",
	[DPG_MANIFEST_COMPOSE] = "docker-compose",
	[DPG_MANIFEST_HELM] = "Helm values",
	[DPG_MANIFEST_DOCKERFILE] = "Dockerfile",
	[DPG_MANIFEST_CMAKE] = "CMakeLists.txt",
	[DPG_MANIFEST_AUTOCONF] = "configure.ac",
	[DPG_MANIFEST_MESON] = "meson.build",
	[DPG_MANIFEST_CONAN] = "conanfile.txt",
	[DPG_MANIFEST_VCPKG] = "vcpkg.json",
};

const char *dpg_manifest_label(int kind)
{
	return kind > 0 && kind < DPG_MANIFEST_COUNT && labels[kind]
		       ? labels[kind]
		       : "manifest";
}

int dpg_manifest_kind(const char *path)
{
	static const struct {
		const char *name;
		int kind;
	} names[] = {
		{"package.json", DPG_MANIFEST_NPM},
		{"composer.json", DPG_MANIFEST_COMPOSER},
		{"pyproject.toml", DPG_MANIFEST_PYPROJECT},
		{"Pipfile", DPG_MANIFEST_PIPFILE},
		{"setup.cfg", DPG_MANIFEST_SETUP_CFG},
		{"setup.py", DPG_MANIFEST_SETUP_PY},
		{"pom.xml", DPG_MANIFEST_POM},
		{"build.gradle", DPG_MANIFEST_GRADLE},
		{"build.gradle.kts", DPG_MANIFEST_GRADLE},
		{"go.mod", DPG_MANIFEST_GOMOD},
		{"Cargo.toml", DPG_MANIFEST_CARGO},
		{"Gemfile", DPG_MANIFEST_GEMFILE},
		{"mix.exs", DPG_MANIFEST_MIX},
		{"pubspec.yaml", DPG_MANIFEST_PUBSPEC},
		{"DESCRIPTION", DPG_MANIFEST_DESCRIPTION},
		{"Directory.Packages.props", DPG_MANIFEST_DOTNET},
		{"packages.config", DPG_MANIFEST_PACKAGES_CONFIG},
		{"Package.swift", DPG_MANIFEST_SWIFT},
		{"Podfile", DPG_MANIFEST_PODFILE},
		{"project.godot", DPG_MANIFEST_GODOT},
		{"Dockerfile", DPG_MANIFEST_DOCKERFILE},
		{"Containerfile", DPG_MANIFEST_DOCKERFILE},
		{"CMakeLists.txt", DPG_MANIFEST_CMAKE},
		{"configure.ac", DPG_MANIFEST_AUTOCONF},
		{"configure.in", DPG_MANIFEST_AUTOCONF},
		{"meson.build", DPG_MANIFEST_MESON},
		{"conanfile.txt", DPG_MANIFEST_CONAN},
		{"vcpkg.json", DPG_MANIFEST_VCPKG},
	};
	static const struct {
		const char *ext;
		int kind;
	} exts[] = {
		{".gemspec", DPG_MANIFEST_GEMSPEC},
		{".cabal", DPG_MANIFEST_CABAL},
		{".csproj", DPG_MANIFEST_DOTNET},
		{".fsproj", DPG_MANIFEST_DOTNET},
		{".vbproj", DPG_MANIFEST_DOTNET},
		{".nuspec", DPG_MANIFEST_NUSPEC},
		{".podspec", DPG_MANIFEST_PODSPEC},
	};
	const char *b = base_name(path);
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(names); i++)
		if (!strcmp(b, names[i].name))
			return names[i].kind;
	for (i = 0; i < DPG_ARRAY_SIZE(exts); i++)
		if (dpg_ends_with(b, exts[i].ext) &&
		    strlen(b) > strlen(exts[i].ext))
			return exts[i].kind;
	if (!strcmp(b, "libs.versions.toml") &&
	    (b == path + 7 ? !strncmp(path, "gradle/", 7)
			   : (b > path + 7 && !strncmp(b - 7, "gradle/", 7))))
		return DPG_MANIFEST_GRADLE_CATALOG;
	if (dpg_starts_with(b, "requirements") && dpg_ends_with(b, ".txt"))
		return DPG_MANIFEST_REQUIREMENTS;
	if ((strstr(path, "requirements/") ||
	     dpg_ends_with(b, "-requirements.txt") ||
	     dpg_ends_with(b, "_requirements.txt")) &&
	    dpg_ends_with(b, ".txt"))
		return DPG_MANIFEST_REQUIREMENTS;
	if ((dpg_starts_with(b, "docker-compose") ||
	     dpg_starts_with(b, "compose.") ||
	     dpg_starts_with(b, "compose-")) &&
	    (dpg_ends_with(b, ".yml") || dpg_ends_with(b, ".yaml")))
		return DPG_MANIFEST_COMPOSE;
	if (dpg_starts_with(b, "values") &&
	    (dpg_ends_with(b, ".yaml") || dpg_ends_with(b, ".yml")))
		return DPG_MANIFEST_HELM;
	if (dpg_starts_with(b, "Dockerfile.") ||
	    dpg_ends_with(b, ".Dockerfile"))
		return DPG_MANIFEST_DOCKERFILE;
	return DPG_MANIFEST_NONE;
}

const char *dpg_manifest_unread(const char *path)
{
	static const struct {
		const char *name, *label;
	} names[] = {
		{"build.sbt", "build.sbt (Scala sbt)"},
		{"project.clj", "project.clj (Clojure Leiningen)"},
		{"deps.edn", "deps.edn (Clojure)"},
		{"conanfile.py", "conanfile.py (Conan)"},
		{"rebar.config", "rebar.config (Erlang rebar3)"},
		{"stack.yaml", "stack.yaml (Haskell Stack)"},
		{"Project.toml", "Project.toml (Julia)"},
		{"environment.yml", "environment.yml (conda)"},
		{"environment.yaml", "environment.yaml (conda)"},
		{"cpanfile", "cpanfile (Perl)"},
		{"Makefile.PL", "Makefile.PL (Perl)"},
		{"dub.json", "dub.json (D)"},
		{"build.zig.zon", "build.zig.zon (Zig)"},
		{"MODULE.bazel", "MODULE.bazel (Bazel)"},
		{"WORKSPACE", "WORKSPACE (Bazel)"},
		{"elm.json", "elm.json (Elm)"},
		{"shard.yml", "shard.yml (Crystal)"},
		{"bower.json", "bower.json (Bower)"},
		{"deno.json", "deno.json (Deno)"},
		{"Cartfile", "Cartfile (Carthage)"},
		{"build.xml", "build.xml (Ant)"},
		{"ivy.xml", "ivy.xml (Ivy)"},
		{"pack.yaml", "pack.yaml (Godot asset)"},
	};
	const char *b = base_name(path);
	size_t i;

	for (i = 0; i < DPG_ARRAY_SIZE(names); i++)
		if (!strcmp(b, names[i].name))
			return names[i].label;
	if (dpg_ends_with(b, ".nimble") && strlen(b) > 7)
		return "*.nimble (Nim)";
	return NULL;
}

int dpg_manifest_read(const char *path, const char *text, size_t len,
		      const struct dpg_manifest_sink *s)
{
	int kind = dpg_manifest_kind(path);
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_json *root = NULL;

	if (kind == DPG_MANIFEST_NONE)
		return kind;
	if (kind == DPG_MANIFEST_NPM || kind == DPG_MANIFEST_COMPOSER ||
	    kind == DPG_MANIFEST_VCPKG) {
		struct dpg_error err = DPG_ERROR_INIT;

		/* parsed once for both halves */
		if (dpg_json_parse(&root, text, len, &a, &err) < 0 ||
		    root->type != DPG_JSON_OBJECT) {
			if (s->unreadable)
				s->unreadable(s->ctx, root ? "not a JSON object"
							   : "not valid JSON");
			dpg_arena_release(&a);
			return kind;
		}
	}
	if (s->lic)
		dpg_mf_licenses(kind, path, text, len, root, s->lic);
	if (s->dep)
		dpg_mf_deps(kind, path, text, len, root, s);
	dpg_arena_release(&a);
	return kind;
}
