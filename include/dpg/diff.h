/*
 * diff.h: what changed between two scans of a target.
 *
 * Compares two stored scans (loaded with dpg_db_load_scan) and lists each
 * change a reviewer or a scheduler cares about: the scan's status, the
 * project license and its acceptance, each indicator's verdict, evidence
 * files added or removed, closed components, SDG goals and ownership.
 * Each change says whether it is a regression; a caller decides which
 * classes of regression count (`--fail-on`).
 */
#ifndef DPG_DIFF_H
#define DPG_DIFF_H

#include <stdio.h>
#include "dpg/arena.h"
#include "dpg/error.h"
#include "dpg/scan.h"

/* Classes of change, as `--fail-on` names them. */
#define DPG_CH_STATUS	 (1u << 0) /* the scan failed, or works again */
#define DPG_CH_VERDICT	 (1u << 1) /* an indicator's verdict */
#define DPG_CH_LICENSE	 (1u << 2) /* the project license, its acceptance */
#define DPG_CH_EVIDENCE	 (1u << 3) /* evidence files added or removed */
#define DPG_CH_COMPONENT (1u << 4) /* closed or source-available components */
#define DPG_CH_SDG	 (1u << 5) /* SDG goals gained or lost */
#define DPG_CH_OWNERSHIP (1u << 6) /* the copyright holders */
#define DPG_CH_ALL	 0x7fu
/* What a scheduler alerts on unless told otherwise. */
#define DPG_CH_DEFAULT                                                         \
	(DPG_CH_STATUS | DPG_CH_VERDICT | DPG_CH_LICENSE | DPG_CH_EVIDENCE)

struct dpg_change {
	unsigned int cls; /* one DPG_CH_ bit */
	int indicator;	  /* enum dpg_indicator, or DPG_IND_NONE */
	int worse;	  /* 1 a regression, -1 an improvement, 0 neither */
	const char *what; /* e.g. "verdict", "privacy", "license file" */
	const char *before, *after; /* NULL where absent */
	const char *path;	    /* the file concerned, or NULL */
	const char *text;	    /* one sentence */
};

struct dpg_diff {
	struct dpg_arena arena;
	/* from is NULL for a target's first audit: nothing to compare */
	const struct dpg_scan *from, *to;
	struct dpg_change *v;
	size_t n, cap;
};

void dpg_diff_init(struct dpg_diff *d);
void dpg_diff_release(struct dpg_diff *d);

/* Compare from (older) with to (newer); both stay owned by the caller and
 * must outlive d. */
void dpg_diff_scans(struct dpg_diff *d, const struct dpg_scan *from,
		    const struct dpg_scan *to);

/* How many changes are regressions of the classes in mask. */
size_t dpg_diff_regressions(const struct dpg_diff *d, unsigned int mask);

/* Parse "verdict,license" / "any" / "none" into a mask; -1 naming the
 * unknown class in err (DPG_EUSAGE). */
int dpg_diff_parse_classes(const char *list, unsigned int *mask,
			   struct dpg_error *err);
/* "verdict", "license"... for one DPG_CH_ bit. */
const char *dpg_diff_class_name(unsigned int cls);

enum dpg_diff_format { DPG_DIFF_TEXT = 1, DPG_DIFF_JSON, DPG_DIFF_MD };
/* "text", "json", "md"; 0 when s names none. */
int dpg_diff_format_parse(const char *s);

/*
 * Write d.  mask marks which regressions count (they are flagged in every
 * format).  Text escapes control characters, JSON per RFC 8259, Markdown
 * escapes its markup.  DPG_EIO when out fails.
 */
int dpg_diff_write(FILE *out, const struct dpg_diff *d, int format,
		   unsigned int mask, struct dpg_error *err);

/*
 * Write the diffs of many targets (`recheck`): a summary line (regressed,
 * changed, unchanged, first audited, failed), each diff with changes and
 * each first audit in full, the targets without changes listed by name,
 * then the totals.  Formats and escaping as dpg_diff_write().
 */
int dpg_diff_write_many(FILE *out, const struct dpg_diff *const *d, size_t n,
			int format, unsigned int mask, struct dpg_error *err);

#endif
