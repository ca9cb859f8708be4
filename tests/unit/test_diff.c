#include <string.h>

#include "dpg/diff.h"
#include "test.h"

static void fact(struct dpg_scan *s, const char *kind, int ind,
		 const char *path, const char *value, const char *excerpt)
{
	struct dpg_finding f = {"t", kind, ind, path, 0, 0, value, excerpt, -1};

	dpg_scan_add_finding(s, &f);
}

/* A completed scan of a licensed project with a privacy policy. */
static void base(struct dpg_scan *s)
{
	dpg_scan_init(s);
	s->status = "ok";
	s->types = "software";
	s->verdicts[DPG_IND_LICENSE].verdict = "met";
	s->verdicts[DPG_IND_PRIVACY].verdict = "met";
	s->verdicts[DPG_IND_HARM_HARASSMENT].verdict = "review";
	fact(s, "file", DPG_IND_LICENSE, "LICENSE", "license", NULL);
	fact(s, "license-text", DPG_IND_LICENSE, "LICENSE", "MIT", NULL);
	fact(s, "project-license", DPG_IND_LICENSE, NULL, "MIT", NULL);
	fact(s, "license-acceptance", DPG_IND_LICENSE, NULL,
	     "MIT software=accepted content=accepted", NULL);
	fact(s, "file", DPG_IND_PRIVACY, "PRIVACY.md", "privacy", NULL);
	fact(s, "sdg-goal", DPG_IND_SDG, NULL, "3", "strong");
	fact(s, "copyright-holder", DPG_IND_OWNERSHIP, NULL, "acme", NULL);
}

static const struct dpg_change *find(const struct dpg_diff *d, unsigned int cls,
				     const char *what)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].cls == cls &&
		    (!what || !strcmp(d->v[i].what, what)))
			return &d->v[i];
	return NULL;
}

TEST(test_diff__same_scan_no_changes)
{
	struct dpg_scan a, b;
	struct dpg_diff d;

	base(&a);
	base(&b);
	dpg_diff_init(&d);
	dpg_diff_scans(&d, &a, &b);
	CHECK_INT(d.n, 0);
	CHECK_INT(dpg_diff_regressions(&d, DPG_CH_ALL), 0);
	dpg_diff_release(&d);
	dpg_scan_release(&a);
	dpg_scan_release(&b);
}

TEST(test_diff__license_no_longer_accepted)
{
	struct dpg_scan a, b;
	struct dpg_diff d;
	const struct dpg_change *c;

	base(&a);
	dpg_scan_init(&b);
	b.status = "ok";
	b.types = "software";
	b.verdicts[DPG_IND_LICENSE].verdict = "not met";
	b.verdicts[DPG_IND_PRIVACY].verdict = "met";
	b.verdicts[DPG_IND_HARM_HARASSMENT].verdict = "review";
	fact(&b, "file", DPG_IND_LICENSE, "LICENSE", "license", NULL);
	fact(&b, "license-text", DPG_IND_LICENSE, "LICENSE", "SSPL-1.0", NULL);
	fact(&b, "project-license", DPG_IND_LICENSE, NULL, "SSPL-1.0", NULL);
	fact(&b, "license-acceptance", DPG_IND_LICENSE, NULL,
	     "SSPL-1.0 software=not-accepted", NULL);
	fact(&b, "file", DPG_IND_PRIVACY, "PRIVACY.md", "privacy", NULL);
	fact(&b, "sdg-goal", DPG_IND_SDG, NULL, "3", "strong");
	fact(&b, "copyright-holder", DPG_IND_OWNERSHIP, NULL, "acme", NULL);

	dpg_diff_init(&d);
	dpg_diff_scans(&d, &a, &b);
	c = find(&d, DPG_CH_VERDICT, NULL);
	CHECK(c != NULL);
	CHECK_INT(c->indicator, DPG_IND_LICENSE);
	CHECK_INT(c->worse, 1);
	c = find(&d, DPG_CH_LICENSE, NULL);
	CHECK(c != NULL);
	CHECK_STR(c->before, "MIT");
	CHECK_STR(c->after, "SSPL-1.0");
	CHECK_INT(c->worse, 1);
	CHECK_STR(c->text, "project license changed: MIT -> SSPL-1.0 (no "
			   "longer accepted)");
	c = find(&d, DPG_CH_EVIDENCE, "license file");
	CHECK(c != NULL);
	CHECK_STR(c->path, "LICENSE");
	CHECK_INT(c->worse, 0);
	CHECK_INT(dpg_diff_regressions(&d, DPG_CH_DEFAULT), 2);
	CHECK_INT(dpg_diff_regressions(&d, DPG_CH_SDG), 0);
	dpg_diff_release(&d);
	dpg_scan_release(&a);
	dpg_scan_release(&b);
}

TEST(test_diff__evidence_moved_is_no_regression)
{
	struct dpg_scan a, b;
	struct dpg_diff d;
	size_t i;

	base(&a);
	base(&b);
	/* the privacy policy moved: removed at one path, added at another */
	for (i = 0; i < b.nfindings; i++)
		if (b.findings[i].path &&
		    !strcmp(b.findings[i].path, "PRIVACY.md"))
			b.findings[i].path = "docs/privacy.md";
	dpg_diff_init(&d);
	dpg_diff_scans(&d, &a, &b);
	CHECK_INT(d.n, 2);
	CHECK_INT(d.v[0].worse, 0);
	CHECK_STR(d.v[0].before, "PRIVACY.md");
	CHECK_INT(d.v[1].worse, 0);
	CHECK_STR(d.v[1].after, "docs/privacy.md");
	dpg_diff_release(&d);
	dpg_scan_release(&a);
	dpg_scan_release(&b);
}

TEST(test_diff__removed_evidence_of_met_indicator)
{
	struct dpg_scan a, b;
	struct dpg_diff d;
	const struct dpg_change *c;
	size_t i;

	base(&a);
	base(&b);
	for (i = 0; i < b.nfindings; i++)
		if (b.findings[i].path &&
		    !strcmp(b.findings[i].path, "PRIVACY.md"))
			b.findings[i].kind = "gone";
	dpg_diff_init(&d);
	dpg_diff_scans(&d, &a, &b);
	c = find(&d, DPG_CH_EVIDENCE, "privacy");
	CHECK(c != NULL);
	CHECK_INT(c->worse, 1);
	CHECK_STR(c->text, "privacy file removed: PRIVACY.md (indicator 7 "
			   "was met)");
	CHECK_INT(dpg_diff_regressions(&d, DPG_CH_EVIDENCE), 1);
	dpg_diff_release(&d);
	dpg_scan_release(&a);
	dpg_scan_release(&b);
}

TEST(test_diff__goals_components_owner)
{
	struct dpg_scan a, b;
	struct dpg_diff d;
	const struct dpg_change *c;
	size_t i;

	base(&a);
	base(&b);
	for (i = 0; i < b.nfindings; i++) {
		if (!strcmp(b.findings[i].kind, "sdg-goal"))
			b.findings[i].value = "4";
		if (!strcmp(b.findings[i].kind, "copyright-holder"))
			b.findings[i].value = "other corp";
	}
	fact(&b, "rule", DPG_IND_PLATFORM, "package.json", "mongodb-server",
	     "MongoDB server");
	fact(&b, "rule", DPG_IND_PLATFORM, "docker-compose.yml",
	     "mongodb-server", "MongoDB server");
	dpg_diff_init(&d);
	dpg_diff_scans(&d, &a, &b);
	c = find(&d, DPG_CH_COMPONENT, NULL);
	CHECK(c != NULL);
	CHECK_STR(c->after, "mongodb-server");
	CHECK_INT(c->worse, 1);
	CHECK_INT(dpg_diff_regressions(&d, DPG_CH_COMPONENT), 1); /* once */
	CHECK_INT(dpg_diff_regressions(&d, DPG_CH_SDG), 1);	  /* 3 lost */
	c = find(&d, DPG_CH_OWNERSHIP, "owner");
	CHECK(c != NULL);
	CHECK_STR(c->before, "acme");
	CHECK_STR(c->after, "other corp");
	CHECK_INT(dpg_diff_regressions(&d, DPG_CH_DEFAULT), 0);
	dpg_diff_release(&d);
	dpg_scan_release(&a);
	dpg_scan_release(&b);
}

TEST(test_diff__failed_scan)
{
	struct dpg_scan a, b;
	struct dpg_diff d;

	base(&a);
	dpg_scan_init(&b);
	b.status = "failed";
	b.error = "cannot open target";
	dpg_diff_init(&d);
	dpg_diff_scans(&d, &a, &b);
	CHECK_INT(d.n, 1);
	CHECK_INT(d.v[0].cls, DPG_CH_STATUS);
	CHECK_STR(d.v[0].text, "the scan failed: cannot open target");
	CHECK_INT(dpg_diff_regressions(&d, DPG_CH_DEFAULT), 1);
	dpg_diff_release(&d);
	dpg_diff_init(&d);
	dpg_diff_scans(&d, &b, &a);
	CHECK_INT(d.n, 1);
	CHECK_INT(d.v[0].worse, -1);
	dpg_diff_release(&d);
	dpg_scan_release(&a);
	dpg_scan_release(&b);
}

TEST(test_diff__classes)
{
	struct dpg_error err = DPG_ERROR_INIT;
	unsigned int m = 0;

	CHECK_INT(dpg_diff_parse_classes("verdict,sdg", &m, &err), 0);
	CHECK_INT(m, DPG_CH_VERDICT | DPG_CH_SDG);
	CHECK_INT(dpg_diff_parse_classes("any", &m, &err), 0);
	CHECK_INT(m, DPG_CH_ALL);
	CHECK_INT(dpg_diff_parse_classes("none", &m, &err), 0);
	CHECK_INT(m, 0);
	CHECK_INT(dpg_diff_parse_classes("license,nope", &m, &err), DPG_EUSAGE);
	CHECK(strstr(err.msg, "'nope'") != NULL);
	CHECK_STR(dpg_diff_class_name(DPG_CH_OWNERSHIP), "ownership");
}

TEST_MAIN("test_diff", T(test_diff__same_scan_no_changes),
	  T(test_diff__license_no_longer_accepted),
	  T(test_diff__evidence_moved_is_no_regression),
	  T(test_diff__removed_evidence_of_met_indicator),
	  T(test_diff__goals_components_owner), T(test_diff__failed_scan),
	  T(test_diff__classes))
