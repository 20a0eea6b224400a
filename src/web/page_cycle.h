/* Shared by the cycle pages and their JSON API (page_assessment.c). */
#ifndef PARINDEX_WEB_PAGE_CYCLE_H
#define PARINDEX_WEB_PAGE_CYCLE_H
#include "app/cycle.h"
#include "web/page_common.h"

#endif
