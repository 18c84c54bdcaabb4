#include "qip_main.h"

int main(int argc, char **argv)
{
	return qip_main(argc, argv);
}
