/*
 * archive.c: an archive read as a stream with libarchive, never extracted.
 *
 * A first pass reads only the headers: it refuses a corrupt or truncated
 * archive before anything is analysed, and finds whether every entry sits
 * under one top folder (as in GitHub's source downloads), which the second
 * pass then strips so the archive scans like that folder.
 */
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "source_int.h"
#include "dpg/util.h"
#include "dpg/banned.h"

struct archive_source {
	struct dpg_source base;
	struct archive *ar;
	const char *path;
	size_t strip;	 /* bytes of the top folder prefix to drop */
	int cur_regular; /* the current entry is a regular file */
	int read_done;
};

static struct archive *archive_new(void)
{
	struct archive *a = archive_read_new();

	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_rar(a);
	archive_read_support_format_rar5(a);
	archive_read_support_format_ar(a);
	archive_read_support_format_iso9660(a);
	return a;
}

static const char *ar_msg(struct archive *a)
{
	const char *m = archive_error_string(a);

	return m ? m : "unknown libarchive error";
}

/* Is the archive unrecognised (no filter, no format) rather than broken? */
static int unrecognised(struct archive *a)
{
	return archive_filter_count(a) <= 1 &&
	       archive_filter_code(a, 0) == ARCHIVE_FILTER_NONE &&
	       archive_format(a) == 0;
}

static int open_stream(struct archive **out, const char *path,
		       struct dpg_error *err)
{
	struct archive *a = archive_new();

	if (archive_read_open_filename(a, path, 64 * 1024) != ARCHIVE_OK) {
		int rc = unrecognised(a)
				 ? dpg_error_set(err, DPG_EFORMAT,
						 "'%s' is neither an archive "
						 "nor a git repository",
						 path)
				 : dpg_error_set(err, DPG_EPARSE,
						 "cannot read archive '%s': %s",
						 path, ar_msg(a));
		archive_read_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

static int stream_error(struct archive *a, const char *path, int first,
			struct dpg_error *err)
{
	if (first && unrecognised(a))
		return dpg_error_set(err, DPG_EFORMAT,
				     "'%s' is neither an archive nor a git "
				     "repository",
				     path);
	return dpg_error_set(err, DPG_EPARSE,
			     "corrupt or truncated archive '%s': %s", path,
			     ar_msg(a));
}

/*
 * Pass 1: headers only.  Sets *strip to the length of "top/" when every
 * entry lies under the same top folder.
 */
static int survey(const char *path, uint64_t max_entries, size_t *strip,
		  const char **format, struct dpg_arena *arena,
		  struct dpg_error *err)
{
	struct archive *a;
	struct archive_entry *e;
	char *top = NULL;
	size_t toplen = 0, n = 0;
	int rc, single = 1;

	if ((rc = open_stream(&a, path, err)) < 0)
		return rc;
	for (;;) {
		const char *name, *slash;
		char *clean;

		rc = archive_read_next_header(a, &e);
		if (rc == ARCHIVE_EOF)
			break;
		if (rc < ARCHIVE_WARN) {
			rc = stream_error(a, path, n == 0, err);
			goto done;
		}
		if (n == 0) {
			if (archive_format(a) == ARCHIVE_FORMAT_EMPTY) {
				rc = stream_error(a, path, 1, err);
				goto done;
			}
			*format =
				dpg_arena_strdup(arena, archive_format_name(a));
		}
		/* past the entry limit the scan stops (partial): the
		 * entries before it decide the top folder */
		if (++n > max_entries && max_entries)
			break;
		name = archive_entry_pathname(e);
		if (!name)
			continue;
		clean = xstrdup(name);
		if (source_clean_path(clean) == 0 && *clean && single) {
			slash = strchr(clean, '/');
			if (!slash && archive_entry_filetype(e) != AE_IFDIR) {
				single = 0; /* a file at the top */
			} else {
				size_t len = slash ? (size_t)(slash - clean)
						   : strlen(clean);

				if (!top) {
					top = xstrndup(clean, len);
					toplen = len;
				} else if (len != toplen ||
					   memcmp(top, clean, len) != 0) {
					single = 0;
				}
			}
		}
		free(clean);
		if (archive_read_data_skip(a) < ARCHIVE_WARN) {
			rc = stream_error(a, path, 0, err);
			goto done;
		}
	}
	if (n == 0) {
		rc = dpg_error_set(err, DPG_EFORMAT,
				   "'%s' is neither an archive nor a git "
				   "repository",
				   path);
		goto done;
	}
	rc = 0;
	*strip = single && top ? toplen + 1 : 0;
done:
	free(top);
	archive_read_free(a);
	return rc;
}

static int ar_next(struct dpg_source *s, const struct dpg_file **out,
		   struct dpg_error *err)
{
	struct archive_source *as = (struct archive_source *)s;
	struct dpg_file *f = &s->cur;
	struct archive_entry *e;
	int rc;

	for (;;) {
		const char *name;
		unsigned int type;

		as->cur_regular = 0;
		as->read_done = 0;
		rc = archive_read_next_header(as->ar, &e);
		if (rc == ARCHIVE_EOF)
			return 0;
		if (rc < ARCHIVE_WARN)
			return stream_error(as->ar, as->path, 0, err);
		if ((rc = source_count_entry(s, err)) < 0)
			return rc;
		type = archive_entry_filetype(e);
		if (type == AE_IFDIR)
			continue;
		name = archive_entry_pathname(e);
		if (!name)
			name = "";
		memset(f, 0, sizeof(*f));
		f->skip = source_set_path(s, 0, name, strlen(name));
		if (f->skip) {
			/* recorded as skipped, the scan goes on */
		} else if (source_clean_path(s->path.ptr) < 0) {
			f->skip = "unsafe path";
		} else {
			s->path.len = strlen(s->path.ptr);
			if (as->strip && s->path.len >= as->strip)
				memmove(s->path.ptr, s->path.ptr + as->strip,
					s->path.len - as->strip + 1);
			s->path.len = strlen(s->path.ptr);
			if (!s->path.len)
				continue;
		}
		f->path = s->path.ptr;
		f->size = archive_entry_size_is_set(e)
				  ? (uint64_t)archive_entry_size(e)
				  : 0;
		if (type == AE_IFLNK || archive_entry_hardlink(e))
			f->mode = DPG_MODE_LINK;
		else if (type == AE_IFREG) {
			f->mode = (archive_entry_perm(e) & 0111)
					  ? DPG_MODE_EXEC
					  : DPG_MODE_FILE;
			as->cur_regular = 1;
		} else
			f->mode = DPG_MODE_OTHER;
		*out = f;
		return 1;
	}
}

static int ar_read(struct dpg_source *s, const char **data, size_t *len,
		   struct dpg_error *err)
{
	struct archive_source *as = (struct archive_source *)s;
	int rc;

	if (!as->cur_regular)
		return dpg_error_set(err, DPG_EIO, "'%s' is no regular file",
				     s->cur.path);
	if (as->read_done) {
		*data = s->content.ptr;
		*len = s->content.len;
		return 0;
	}
	dpg_buf_reset(&s->content);
	if (s->cur.size &&
	    (rc = dpg_buf_grow(&s->content, (size_t)s->cur.size, err)) < 0)
		return rc;
	for (;;) {
		la_ssize_t n;

		if (s->content.len + 1 >= s->content.cap &&
		    (rc = dpg_buf_grow(&s->content, 64 * 1024, err)) < 0)
			return rc;
		n = archive_read_data(as->ar, s->content.ptr + s->content.len,
				      s->content.cap - s->content.len - 1);
		if (n < 0)
			return dpg_error_set(err, DPG_EPARSE,
					     "corrupt or truncated archive "
					     "'%s' at '%s': %s",
					     as->path, s->cur.path,
					     ar_msg(as->ar));
		if (n == 0)
			break;
		s->content.len += (size_t)n;
	}
	s->content.ptr[s->content.len] = '\0';
	as->read_done = 1;
	*data = s->content.ptr;
	*len = s->content.len;
	return 0;
}

static void ar_free(struct dpg_source *s)
{
	struct archive_source *as = (struct archive_source *)s;

	if (as->ar)
		archive_read_free(as->ar);
	free(as);
}

static const struct source_ops archive_ops = {ar_next, ar_read, ar_free};

int source_archive_open(struct dpg_source **out, const char *path,
			const struct dpg_source_opts *opts,
			struct dpg_error *err)
{
	struct archive_source *as = xcalloc(1, sizeof(*as));
	int rc;

	source_base_init(&as->base, &archive_ops, opts);
	as->base.info.kind = DPG_SRC_ARCHIVE;
	as->base.info.kind_name = "archive";
	as->path = dpg_arena_strdup(&as->base.arena, path);
	if ((rc = survey(path, opts->max_entries, &as->strip,
			 &as->base.info.format, &as->base.arena, err)) < 0 ||
	    (rc = open_stream(&as->ar, path, err)) < 0) {
		dpg_source_free(&as->base);
		return rc;
	}
	*out = &as->base;
	return 0;
}
