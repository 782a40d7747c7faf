/*
 * main.c - the `verdict` command: everything is in cli.c.
 */
#include "cli/cli.h"

int main(int argc, char **argv) { return cli_main(argc, argv); }
