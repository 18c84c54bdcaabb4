#include "qip/cli.h"

int main(int argc, char **argv)
{
	return qip_main(argc, argv);
}
