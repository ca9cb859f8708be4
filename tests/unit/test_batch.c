#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dpg/batch.h"
#include "dpg/licpolicy.h"
#include "dpg/nomination.h"
#include "dpg/util.h"
#include "test.h"

static char dir[] = "/tmp/dpg-batch-XXXXXX";

/* Write text to dir/name; returns the path (static buffer). */
static const char *put(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* Read the list text (as file name) into l; returns the code. */
static int read_list(struct dpg_target_list *l, const char *name,
		     const char *text, const char *column,
		     struct dpg_error *err)
{
	struct dpg_list_opts o = DPG_LIST_OPTS_INIT;

	o.column = column;
	dpg_target_list_init(l);
	return dpg_target_list_read(l, put(name, text), &o, err);
}

static const char *key(const struct dpg_target_list *l, size_t i)
{
	return i < l->n ? l->items[i].key : "(none)";
}

/* The key a path in dir has. */
static const char *in_dir(const char *rel)
{
	static char buf[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, rel);
	return buf[k];
}

TEST(test_batch__setup)
{
	char *real;

	CHECK(mkdtemp(dir) != NULL);
	/* the keys are real paths: /tmp may be a link */
	real = realpath(dir, NULL);
	CHECK(real != NULL);
	snprintf(dir, sizeof(dir), "%s", real);
	free(real);
	CHECK(chdir(dir) == 0);
	CHECK(mkdir("a", 0755) == 0);
	CHECK(mkdir("b", 0755) == 0);
	CHECK(mkdir("c", 0755) == 0);
}

TEST(test_batch__fnv1a64)
{
	/* the published FNV-1a 64 test vectors: the shard hash is stable */
	CHECK(dpg_fnv1a64("", 0) == 0xcbf29ce484222325ULL);
	CHECK(dpg_fnv1a64("a", 1) == 0xaf63dc4c8601ec8cULL);
	CHECK(dpg_fnv1a64("foobar", 6) == 0x85944171f73967e8ULL);
}

TEST(test_batch__normalize)
{
	struct dpg_arena a = DPG_ARENA_INIT;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_batch_target t;

	CHECK_INT(dpg_target_normalize(&t, "./a/", &a, &err), 0);
	CHECK_STR(t.key, in_dir("a"));
	CHECK(t.rev == NULL);
	CHECK_INT(dpg_target_normalize(&t, "a@v1.0", &a, &err), 0);
	CHECK_STR(t.key, in_dir("a@v1.0"));
	CHECK_STR(t.locator, in_dir("a"));
	CHECK_STR(t.rev, "v1.0");
	/* no such path: kept, made absolute, '.' and '..' resolved */
	CHECK_INT(dpg_target_normalize(&t, "x/../nosuch/./y@v2", &a, &err), 0);
	CHECK_STR(t.key, in_dir("nosuch/y@v2"));
	CHECK(t.rev == NULL);
	CHECK_INT(dpg_target_normalize(&t, "https://example.org/o/r", &a, &err),
		  0);
	CHECK_STR(t.locator, "https://example.org/o/r");
	CHECK_INT(dpg_target_normalize(&t, "git@example.org:o/r.git", &a, &err),
		  0);
	CHECK_STR(t.key, "ssh://git@example.org/~/o/r");
	/* credentials never in the key; the URL as written for the fetch */
	CHECK_INT(dpg_target_normalize(&t,
				       "https://u:tok@GitHub.com/O/R.git/tree/"
				       "dev",
				       &a, &err),
		  0);
	CHECK_STR(t.key, "https://github.com/o/r@dev");
	CHECK_STR(t.locator, "https://github.com/o/r");
	CHECK_STR(t.rev, "dev");
	CHECK_STR(t.target, "https://u:tok@GitHub.com/O/R.git/tree/dev");
	/* a URL that cannot be read is kept, redacted */
	CHECK_INT(dpg_target_normalize(&t, "gopher://u:tok@h/x", &a, &err), 0);
	CHECK(strstr(t.key, "tok") == NULL);
	CHECK_INT(dpg_target_normalize(&t, "", &a, &err), DPG_EUSAGE);
	dpg_arena_release(&a);
}

TEST(test_batch__text_list)
{
	struct dpg_target_list l;
	struct dpg_error err = DPG_ERROR_INIT;

	CHECK_INT(read_list(&l, "l.txt",
			    "\xef\xbb\xbf# partners\n\n  a  \r\nb\n# c\n./a\n"
			    "a/\nc",
			    NULL, &err),
		  0);
	CHECK_INT(l.n, 3);
	CHECK_STR(key(&l, 0), in_dir("a"));
	CHECK_STR(key(&l, 1), in_dir("b"));
	CHECK_STR(key(&l, 2), in_dir("c"));
	CHECK_INT(l.duplicates, 2);
	CHECK_STR(l.items[1].origin, in_dir("l.txt:4"));
	dpg_target_list_release(&l);
}

TEST(test_batch__text_list_with_commas_in_a_comment)
{
	struct dpg_target_list l;
	struct dpg_error err = DPG_ERROR_INIT;

	/* the header is looked for after blank lines and comments */
	CHECK_INT(read_list(&l, "l.txt", "# a, b and c\n\na\nb\n", NULL, &err),
		  0);
	CHECK_INT(l.n, 2);
	dpg_target_list_release(&l);
}

TEST(test_batch__csv)
{
	struct dpg_target_list l;
	struct dpg_error err = DPG_ERROR_INIT;

	CHECK_INT(read_list(&l, "p.csv",
			    "name,Homepage,Repository,notes\n"
			    "A,https://a.org,a,\"first, \"\"quoted\"\"\"\n"
			    "B,,\"b\",\"two\nlines\"\n"
			    "\n"
			    "C,https://c.org,,none\n"
			    "D,,c,\r\n",
			    NULL, &err),
		  0);
	/* Repository wins over Homepage; C names none */
	CHECK_INT(l.n, 3);
	CHECK_STR(key(&l, 0), in_dir("a"));
	CHECK_STR(key(&l, 1), in_dir("b"));
	CHECK_STR(key(&l, 2), in_dir("c"));
	CHECK_INT(l.no_repo, 1);
	/* D is on line 7: B's quoted field holds a newline */
	CHECK_STR(l.items[2].origin, in_dir("p.csv:7"));
	dpg_target_list_release(&l);

	CHECK_INT(read_list(&l, "p.csv", "name,homepage\nA,a\n", "HOMEPAGE",
			    &err),
		  0);
	CHECK_STR(key(&l, 0), in_dir("a"));
	dpg_target_list_release(&l);
}

TEST(test_batch__tsv_and_semicolons)
{
	struct dpg_target_list l;
	struct dpg_error err = DPG_ERROR_INIT;

	CHECK_INT(read_list(&l, "p.tsv", "org\tgit\nx, inc.\tb\n", NULL, &err),
		  0);
	CHECK_INT(l.n, 1);
	CHECK_STR(key(&l, 0), in_dir("b"));
	dpg_target_list_release(&l);
	CHECK_INT(read_list(&l, "p.csv", "org;source_code\nx;c\n", NULL, &err),
		  0);
	CHECK_STR(key(&l, 0), in_dir("c"));
	dpg_target_list_release(&l);
	/* a one-column header */
	CHECK_INT(read_list(&l, "p.csv", "URL\na\n", NULL, &err), 0);
	CHECK_INT(l.n, 1);
	dpg_target_list_release(&l);
}

TEST(test_batch__csv_errors)
{
	struct dpg_target_list l;
	struct dpg_error err = DPG_ERROR_INIT;

	CHECK_INT(read_list(&l, "e.csv", "name,url\nA,\"a\nB,b\n", NULL, &err),
		  DPG_EINPUT);
	CHECK(strstr(err.msg, "e.csv:2: quoted field not closed") != NULL);
	dpg_target_list_release(&l);
	CHECK_INT(read_list(&l, "e.csv", "name,notes,url\nA,x,a\nB\n", NULL,
			    &err),
		  DPG_EINPUT);
	CHECK(strstr(err.msg,
		     "e.csv:3: 1 fields, but the repository column is field "
		     "3") != NULL);
	dpg_target_list_release(&l);
	CHECK_INT(read_list(&l, "e.csv", "name,notes\nA,x\n", NULL, &err),
		  DPG_EINPUT);
	CHECK(strstr(err.msg, "e.csv:1: the header names no repository "
			      "column") != NULL);
	dpg_target_list_release(&l);
	CHECK_INT(read_list(&l, "e.csv", "name,url\nA,a\n", "repo_url", &err),
		  DPG_EINPUT);
	CHECK(strstr(err.msg, "e.csv:1: no column 'repo_url'") != NULL);
	dpg_target_list_release(&l);
	CHECK_INT(read_list(&l, "e.csv", "name,url\nA,\"a\"x\n", NULL, &err),
		  DPG_EINPUT);
	CHECK(strstr(err.msg, "e.csv:2: text after a closing quote") != NULL);
	dpg_target_list_release(&l);
}

TEST(test_batch__binary_is_no_list)
{
	struct dpg_target_list l;
	struct dpg_error err = DPG_ERROR_INIT;
	const char *path = put("bin", "");
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	fwrite("a\nb\n\0\x01", 1, 6, f);
	fclose(f);
	dpg_target_list_init(&l);
	CHECK_INT(dpg_target_list_read(&l, path, NULL, &err), DPG_EINPUT);
	CHECK(strstr(err.msg, "bin:3: a NUL byte") != NULL);
	dpg_target_list_release(&l);
}

TEST(test_batch__json_array)
{
	struct dpg_target_list l;
	struct dpg_error err = DPG_ERROR_INIT;

	CHECK_INT(read_list(&l, "x.json",
			    "[{\"name\": \"A\", \"repositories\": [{\"url\": "
			    "\"a\"}, {\"url\": \"b\"}]},\n"
			    " {\"name\": \"B\", \"repository\": {\"type\": "
			    "\"git\", \"url\": \"c\"}},\n"
			    " {\"name\": \"C\", \"website\": \"x\"},\n"
			    " \"a/\", {\"URL\": \"c\"}]",
			    NULL, &err),
		  0);
	CHECK_INT(l.n, 3);
	CHECK_STR(key(&l, 2), in_dir("c"));
	CHECK_STR(l.items[1].origin, in_dir("x.json: [0].repositories[1]"));
	CHECK_INT(l.no_repo, 1);
	CHECK_INT(l.duplicates, 2);
	dpg_target_list_release(&l);

	CHECK_INT(read_list(&l, "x.json", "[{\"u\": \"a\"},\n 3]", NULL, &err),
		  DPG_EINPUT);
	CHECK(strstr(err.msg, "x.json:2: an element of the array") != NULL);
	dpg_target_list_release(&l);
	CHECK_INT(read_list(&l, "x.json", "[\n{\"url\": \"a\"\n", NULL, &err),
		  DPG_EINPUT);
	CHECK(strstr(err.msg, "x.json:3: ") != NULL);
	dpg_target_list_release(&l);
}

static const char record[] =
	"{\"name\": \"Clinic\", \"description\": \"d\", \"license\": "
	"[{\"spdx\": \"MIT\"}], \"SDGs\": [{\"SDGNumber\": 3}], \"type\": "
	"[\"software\", \"data\"], \"repositories\": [{\"name\": \"m\", "
	"\"url\": \"a\"}, {\"name\": \"n\", \"url\": \"b\"}], "
	"\"organizations\": [], \"stage\": \"nominee\"}";

TEST(test_batch__nomination_record)
{
	struct dpg_target_list l;
	struct dpg_error err = DPG_ERROR_INIT;

	CHECK_INT(read_list(&l, "rec.json", record, NULL, &err), 0);
	CHECK_INT(l.n, 2);
	CHECK(l.items[0].nomination != NULL);
	CHECK_STR(l.items[1].nomination->name, "Clinic");
	CHECK_STR(l.items[1].nomination_path, in_dir("rec.json"));
	CHECK(l.items[0].nomination->types ==
	      (DPG_TYPE_BIT(DPG_TYPE_SOFTWARE) | DPG_TYPE_BIT(DPG_TYPE_DATA)));
	dpg_target_list_release(&l);
	/* a bad record names the field */
	CHECK_INT(read_list(&l, "bad.json", "{\"name\": 3}", NULL, &err),
		  DPG_EINPUT);
	CHECK(strstr(err.msg, "field 'name' must be a string") != NULL);
	dpg_target_list_release(&l);
}

TEST(test_batch__nomination_directory)
{
	struct dpg_target_list l;
	struct dpg_error err = DPG_ERROR_INIT;

	CHECK(mkdir("recs", 0755) == 0);
	put("recs/2.json", "{\"name\": \"Two\", \"repositories\": [{\"url\": "
			   "\"c\"}, {\"url\": \"a\"}]}");
	put("recs/1.json", record);
	put("recs/0.json", "{\"name\": \"None\"}");
	put("recs/README.md", "not a record");
	dpg_target_list_init(&l);
	CHECK_INT(dpg_target_list_read(&l, in_dir("recs"), NULL, &err), 0);
	/* in file name order; a repository listed twice goes with the first
	 * record that names it */
	CHECK_INT(l.n, 3);
	CHECK_STR(l.items[0].nomination->name, "Clinic");
	CHECK_STR(l.items[2].nomination->name, "Two");
	CHECK_STR(key(&l, 2), in_dir("c"));
	CHECK_INT(l.no_repo, 1);
	CHECK_INT(l.duplicates, 1);
	dpg_target_list_release(&l);

	put("recs/3.json", "{\"name\": \"Bad\", \"SDGs\": [{\"SDGNumber\": "
			   "30}]}");
	dpg_target_list_init(&l);
	CHECK_INT(dpg_target_list_read(&l, in_dir("recs"), NULL, &err),
		  DPG_EINPUT);
	CHECK(strstr(err.msg, "3.json") != NULL);
	CHECK(strstr(err.msg, "SDGs[0].SDGNumber") != NULL);
	dpg_target_list_release(&l);
}

TEST(test_batch__missing_list)
{
	struct dpg_target_list l;
	struct dpg_error err = DPG_ERROR_INIT;

	dpg_target_list_init(&l);
	CHECK(dpg_target_list_read(&l, in_dir("nosuch.txt"), NULL, &err) < 0);
	CHECK(err.code != DPG_EINPUT);
	CHECK(strstr(err.msg, "nosuch.txt") != NULL);
	dpg_target_list_release(&l);
}

TEST(test_batch__shards_partition)
{
	struct dpg_target_list l, s;
	struct dpg_error err = DPG_ERROR_INIT;
	size_t seen[64] = {0}, total = 0, i, k;
	char name[32];

	dpg_target_list_init(&l);
	for (i = 0; i < 64; i++) {
		snprintf(name, sizeof(name), "https://h/r%zu", i);
		CHECK_INT(dpg_target_list_add(&l, name, "t", NULL, NULL, &err),
			  1);
	}
	for (k = 1; k <= 3; k++) {
		dpg_target_list_init(&s);
		for (i = 0; i < l.n; i++)
			dpg_target_list_add(&s, l.items[i].key, "t", NULL, NULL,
					    &err);
		dpg_target_list_shard(&s, (unsigned int)k, 3);
		CHECK(s.n > 5); /* roughly a third each */
		for (i = 0; i < s.n; i++) {
			size_t j = (size_t)atoi(s.items[i].key + 11);

			seen[j]++;
			CHECK(dpg_fnv1a64(s.items[i].key,
					  strlen(s.items[i].key)) %
				      3 ==
			      k - 1);
		}
		total += s.n;
		/* the index still finds what is left */
		CHECK_INT(dpg_target_list_add(&s, s.items[0].key, "t", NULL,
					      NULL, &err),
			  0);
		dpg_target_list_release(&s);
	}
	CHECK_INT(total, 64);
	for (i = 0; i < 64; i++)
		CHECK_INT(seen[i], 1);
	dpg_target_list_release(&l);
}

TEST(test_batch__fingerprint_and_params)
{
	struct dpg_scan_opts o = DPG_SCAN_OPTS_INIT, back = DPG_SCAN_OPTS_INIT;
	struct dpg_target_list x, y;
	struct dpg_error err = DPG_ERROR_INIT;
	struct dpg_arena a = DPG_ARENA_INIT;
	char fx[17], fy[17], fz[17], *params;

	o.max_file_size = 1000;
	o.types = DPG_TYPE_BIT(DPG_TYPE_DATA) | DPG_TYPE_BIT(DPG_TYPE_CONTENT);
	o.rules_dir = "a";
	o.max_entries = 500; /* a limit other than its default */
	params = dpg_run_params(&o, "2/3");
	CHECK(strstr(params, "\"max_entries\":500") != NULL);
	CHECK(strstr(params, "max_depth") == NULL); /* a default: left out */
	CHECK(strstr(params, "\"shard\":\"2/3\"") != NULL);
	CHECK_INT(dpg_run_params_parse(params, &back, &a, &err), 0);
	CHECK_INT(back.max_file_size, 1000);
	CHECK_INT(back.max_entries, 500);
	CHECK_INT(back.max_depth, DPG_MAX_DEPTH_DEFAULT);
	CHECK(back.types == o.types);
	CHECK_STR(back.rules_dir, in_dir("a"));

	dpg_target_list_init(&x);
	dpg_target_list_init(&y);
	dpg_target_list_add(&x, "a", "t", NULL, NULL, &err);
	dpg_target_list_add(&x, "b", "t", NULL, NULL, &err);
	dpg_target_list_add(&y, "./b", "t", NULL, NULL, &err);
	dpg_target_list_add(&y, "a/", "t", NULL, NULL, &err);
	dpg_run_fingerprint(fx, &x, params);
	dpg_run_fingerprint(fy, &y, params);
	CHECK_STR(fx, fy); /* the same targets in another order */
	dpg_run_fingerprint(fz, &x, "{}");
	CHECK(strcmp(fx, fz) != 0); /* other options */
	CHECK_INT(strlen(fx), 16);
	dpg_target_list_release(&x);
	dpg_target_list_release(&y);
	dpg_arena_release(&a);
	free(params);
}

TEST(test_batch__teardown)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(chdir("/") == 0);
	CHECK(system(cmd) == 0);
}

TEST_MAIN("test_batch", T(test_batch__setup), T(test_batch__fnv1a64),
	  T(test_batch__normalize), T(test_batch__text_list),
	  T(test_batch__text_list_with_commas_in_a_comment), T(test_batch__csv),
	  T(test_batch__tsv_and_semicolons), T(test_batch__csv_errors),
	  T(test_batch__binary_is_no_list), T(test_batch__json_array),
	  T(test_batch__nomination_record), T(test_batch__nomination_directory),
	  T(test_batch__missing_list), T(test_batch__shards_partition),
	  T(test_batch__fingerprint_and_params), T(test_batch__teardown))
