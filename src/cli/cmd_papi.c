/* papi commands: import the published PAPI dimension scores (docs/papi.md). */
#include "cli/cli.h"
#include "app/papi.h"

int cmd_papi_import(struct cli *c, int argc, char **argv)
{
	return cli_import(c, argc, argv, app_papi_import, "giá trị PAPI", "PAPI values");
}
