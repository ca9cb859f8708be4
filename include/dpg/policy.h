/*
 * policy.h: facts to verdicts.  The analyzers record what they found; the
 * policy turns those findings into one verdict per indicator: "met"
 * (strong evidence), "not met" (evidence of failure, such as a license the
 * DPG Standard does not accept for the solution's type) or "review" (a
 * person decides; the reason says what was found and what is missing).
 * It never says "met" on evidence a file scan cannot give.  See
 * docs/POLICY.md.
 */
#ifndef DPG_POLICY_H
#define DPG_POLICY_H

#include "dpg/scan.h"

/* Fill scan->verdicts from scan->findings (strings in the scan's arena). */
void dpg_policy_apply(struct dpg_scan *scan);

/*
 * Whether path is a file whose words are not the project's statements
 * (AI-assistant and agent instructions, backlogs and task notes,
 * translations, generated API docs, data tables, samples): evidence from
 * it is shown but meets no need.
 */
int dpg_policy_not_statement(const char *path);

/* 1 when some indicator of scan is "not met", else 0. */
int dpg_policy_any_not_met(const struct dpg_scan *scan);

#endif
