/*
 * clock.c - wall and monotonic clocks (see clock.h).
 */
#include "util/clock.h"

#include <stdlib.h>
#include <time.h>

int clock_fixed(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	return s && *s;
}

double clock_wall(void)
{
	struct timespec ts;
	if (clock_fixed())
		return (double)strtoll(getenv("SOURCE_DATE_EPOCH"), NULL, 10);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double clock_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
