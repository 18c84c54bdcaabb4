/* The command line's entry point: `qip [--db PATH] COMMAND ...`, or the
 * full-screen program when no command is given. */
#ifndef QIP_CLI_MAIN_H
#define QIP_CLI_MAIN_H

int qip_main(int argc, char **argv);

#endif
