/*
 * cmd_licenses.c: dpgaudit licenses [--long] [ID]
 *
 * Without ID: the license corpus, one SPDX id per line (with --long: id,
 * OSI flag, deprecated flag and name, tab-separated).  With ID: the
 * license's name, flags, class, the ids sharing its text, and whether the
 * DPG Standard accepts it for each type of solution.  Exit 0, or 2 when ID
 * is not in the corpus, 64 on a usage error.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmds.h"
#include "dpg/license.h"
#include "dpg/licpolicy.h"
#include "dpg/banned.h"

enum { OPT_HELP = 256 };

static const struct option lic_options[] = {
	{"long", no_argument, NULL, 'l'},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

static void show(const struct dpg_license_info *l)
{
	const struct dpg_license_info *same[16];
	size_t nsame = dpg_license_same_text(l, same, 16), k;
	const char *cur = dpg_spdx_current_id(l->id);
	int t;

	printf("id: %s\n", l->id);
	printf("name: %s\n", l->name);
	printf("osi-approved: %s\n", l->osi ? "yes" : "no");
	if (l->deprecated)
		printf("deprecated: yes%s%s\n", cur ? ", use " : "",
		       cur ? cur : "");
	else
		printf("deprecated: no\n");
	printf("class: %s\n", dpg_license_class_name(dpg_license_class(l->id)));
	printf("full text in corpus: %s\n", l->has_text ? "yes" : "no");
	if (nsame) {
		printf("same text as:");
		for (k = 0; k < nsame && k < 16; k++)
			printf(" %s", same[k]->id);
		printf("\n");
	}
	printf("on the DPG registry list: %s\n",
	       dpg_license_on_registry_list(l->id) ? "yes" : "no");
	for (t = 0; t < DPG_TYPE_COUNT; t++) {
		const char *note = NULL;
		int acc = dpg_license_acceptance(l->id, t, &note);
		printf("dpg %s: %s%s%s\n", dpg_solution_type_name(t),
		       dpg_accept_name(acc), note && *note ? " - " : "",
		       note ? note : "");
	}
}

int cmd_licenses(int argc, char **argv)
{
	struct dpg_error err = DPG_ERROR_INIT;
	const struct dpg_license_info *l;
	int c, lng = 0;
	size_t i;

	optind = 0;
	while ((c = cli_getopt(argv[0], argc, argv, "l", lic_options)) != -1) {
		switch (c) {
		case 'l':
			lng = 1;
			break;
		case OPT_HELP:
			cli_help(argv[0]);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		return cli_usage(argv[0], "expected at most one license ID");
	if (argc - optind == 0) {
		for (i = 0; (l = dpg_license_at(i)) != NULL; i++) {
			if (lng)
				printf("%s\t%s\t%s\t%s\n", l->id,
				       l->osi ? "osi" : "-",
				       l->deprecated ? "deprecated" : "-",
				       l->name);
			else
				printf("%s\n", l->id);
		}
		return EXIT_OK;
	}
	l = dpg_license_lookup(argv[optind]);
	if (!l) {
		dpg_error_set(&err, DPG_ENOTFOUND,
			      "no license '%s' in the SPDX corpus",
			      argv[optind]);
		return cli_fail(&err);
	}
	show(l);
	return EXIT_OK;
}
