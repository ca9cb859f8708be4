#include "dpg/util.h"
#include "dpg/banned.h"

#ifndef DPG_VERSION
#define DPG_VERSION "unknown"
#endif

const char dpg_version[] = DPG_VERSION;
