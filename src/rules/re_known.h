/*
 * re_known.h: the shipped rules' and SDG vocabulary's patterns, compiled
 * when dpgaudit is built.  tools/gen-prefilter.c compiles every pattern a
 * scan compiles (at its first use: dpg_re_init_lazy, or at load) with the
 * same options and appends the codes, serialized by PCRE2
 * (pcre2_serialize_encode), to $(BUILD)/gen/prefilter_known.c.  A scan
 * decodes a pattern's code (a copy) instead of compiling it, about 100
 * times cheaper: pcre2_compile was 8-16% of the instructions of a small
 * repository's scan.  A pattern is found by its whole source and options
 * (exact comparison); any other (a user's rules, an edited vocabulary),
 * or a PCRE2 that cannot read the codes (another version than the build
 * used), is compiled as before.
 */
#ifndef DPG_RE_KNOWN_H
#define DPG_RE_KNOWN_H

#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dpg/rules.h"

/* Without pointers (no relocations at start): the source is an offset in
 * dpg_re_known_srcs. */
struct dpg_re_known {
	uint32_t src;	 /* sorted by strcmp, then flags */
	uint32_t flags;	 /* the pcre2_compile options */
	size_t off, len; /* the code: dpg_re_known_bytes[off, off + len) */
};

extern const struct dpg_re_known dpg_re_known[];
extern const char dpg_re_known_srcs[];
extern const size_t dpg_re_nknown;
extern const unsigned char dpg_re_known_bytes[];
/* What every code serialized alone begins with (PCRE2's header and its
 * character tables), kept once: a code is decoded from it and the code's
 * own bytes. */
extern const unsigned char dpg_re_known_prefix[];
extern const size_t dpg_re_known_nprefix;

/* src compiled with flags, decoded from the table; NULL: not there, or
 * not readable by this PCRE2 (compile it). */
pcre2_code *dpg_re_precompiled(const char *src, uint32_t flags);

/* How many entries of the table differ from what compiling their source
 * gives now (0: the table is current; tests/unit/test_re_known.c). */
size_t dpg_re_known_check(void);

/* Write the table of the n patterns srcs[i] with flags[i] (reordered;
 * repeats, and patterns that do not compile, left out) as C to out; 0,
 * or -1 when writing failed. */
int dpg_re_known_write(FILE *out, const char **srcs, uint32_t *flags, size_t n);

/*
 * The shipped rules parsed at build time: tools/gen-prefilter.c loads
 * and compiles them as a scan does (lazy patterns, scopes resolved) and
 * appends each rule's fields and the files' names and texts to the same
 * file.  dpg_ruleset_load takes the table (a copy of each struct, its
 * strings shared, the file names prefixed with the directory) when the
 * shipped directory holds exactly these files, byte for byte, and there
 * is no --rules DIR; else it parses the files (tests/unit/
 * test_rules_builtin.c checks the table equals that parse).
 */
struct dpg_rules_paths; /* rules_int.h */

/* A rule of the table, without pointers (no relocation at start): its
 * strings 1 + offsets in dpg_rules_strs (0: NULL), its patterns 1 +
 * indexes in dpg_rules_known_res (rules_int.h; 0: none), its examples
 * dpg_rules_known_ex[ex, + nex).  dpg_ruleset_load makes the struct
 * dpg_rule of each (parse.c: load_known). */
struct dpg_rule_known {
	uint32_t id, message, scope, path, not_path, content, field, value,
		dependency;
	int indicator;
	double strength;
	unsigned int line;
	int disabled, is_scope;
	unsigned int max_findings;
	int lazy;
	uint32_t ex, nex;
	uint32_t res[5];   /* re_path, re_not_path, re_content, re_value,
			      re_dependency */
	unsigned int file; /* index in dpg_rules_known_files */
};
extern const char dpg_rules_strs[];
/* *r (its file left NULL) from the table's entry k. */
void dpg_rules_known_rule(struct dpg_rule *r, const struct dpg_rule_known *k);
extern struct dpg_rule_example dpg_rules_known_ex[];
/* the path filters' index of the rules, or NULL */
extern const struct dpg_rules_paths *const dpg_rules_known_paths;
/* A shipped file built into dpgaudit (the rules' here, the SDG
 * vocabulary's in src/sdg/sdg_int.h): a scan takes the build's tables
 * when a directory holds exactly these files, byte for byte. */
struct dpg_known_file {
	const char *name; /* sorted by strcmp */
	size_t len;
	const char *text;
	const char *hash; /* dpg_cache_file_hash of text */
};
extern const struct dpg_rule_known dpg_rules_known[];
extern const size_t dpg_rules_nknown;
extern const struct dpg_known_file dpg_rules_known_files[];
extern const size_t dpg_rules_known_nfiles;
/* The content patterns' anchor set (dpg/prefilter.h), as
 * dpg_ruleset_compile builds it from the table's rules; NULL when there
 * is no table.  Never added to nor freed. */
extern struct dpg_lits *const dpg_rules_known_anchors;

/* ls as the C of a static struct dpg_lits named anchors
 * (src/sdg/vocab_write.c). */
void dpg_lits_write(FILE *out, const struct dpg_lits *ls);

/* The n bytes at s as a C string literal (octal escapes, which never run
 * into the next byte; '?' escaped: no trigraph), cut after each newline
 * when lines is set. */
void dpg_c_str_write(FILE *out, const char *s, size_t n, int lines);

/*
 * A blob of NUL-terminated strings written as one C array of char, for
 * tables without pointers (a pointer in a table of a position-independent
 * executable is a relocation: its page is written at every start): a
 * table keeps a string's offset in the blob.  Equal strings are kept
 * once.  Build time only.
 */
struct dpg_cblob {
	char *b;
	size_t n, cap;
	uint32_t *h; /* offsets + 1 by hash (hcap entries, a power of 2) */
	size_t hn, hcap;
};
#define DPG_CBLOB_INIT                                                         \
	{                                                                      \
		NULL, 0, 0, NULL, 0, 0                                         \
	}

/* s's offset in b (added unless there). */
uint32_t dpg_cblob_add(struct dpg_cblob *b, const char *s);
/* The offset in b of the n bytes at s (ending with a NUL), appended (not
 * merged with anything). */
uint32_t dpg_cblob_append(struct dpg_cblob *b, const char *s, size_t n);
/* b as the C "decl[] = ...;" (decl: "const char name", with any
 * qualifiers). */
void dpg_cblob_write(FILE *out, const char *decl, const struct dpg_cblob *b);
void dpg_cblob_release(struct dpg_cblob *b);

/* The n files as the C of the array named files (ended by an entry of
 * NULLs) and of its count named count; 0, or -1 when writing failed. */
int dpg_known_files_write(FILE *out, const char *files, const char *count,
			  const struct dpg_known_file *f, size_t n);

/* Write rs's rules (loaded from the n files, compiled) and the files as
 * the C of the tables above; 0, or -1 when writing failed. */
int dpg_rules_known_write(FILE *out, const struct dpg_ruleset *rs,
			  const struct dpg_known_file *files, size_t n);

/* tools/gen-prefilter.c: the rules directory it reads is taken as the
 * shipped one (dpg_rules_shipped), so that its patterns are set up as a
 * scan sets them up. */
void dpg_rules_ship_dir(const char *dir);

#endif
