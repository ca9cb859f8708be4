/*
 * cmd_licenses.c: dpgaudit licenses [ID] -- list the license corpus (one
 * id per line) or show one license.
 */
#include <stdio.h>
#include "cmds.h"
#include "dpg/license.h"
#include "dpg/banned.h"

int cmd_licenses(int argc, char **argv)
{
	size_t i;
	const struct dpg_license_info *l;

	if (argc > 2)
		return cli_usage(argv[0], "expected at most one ID");
	if (argc == 1) {
		for (i = 0; (l = dpg_license_at(i)) != NULL; i++)
			printf("%s\n", l->id);
		return EXIT_OK;
	}
	l = dpg_license_lookup(argv[1]);
	if (!l)
		return EXIT_POLICY;
	printf("id: %s\nname: %s\nosi: %s\n", l->id, l->name,
	       l->osi ? "yes" : "no");
	return EXIT_OK;
}
