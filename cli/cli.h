/*
 * cli.h - the `verdict` command line (engine/cli.c); main.c only calls it.
 */
#ifndef VERDICT_CLI_H
#define VERDICT_CLI_H

int cli_main(int argc, char **argv);

#endif
