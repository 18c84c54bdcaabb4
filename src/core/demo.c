#include "qip/demo.h"
