/*
 * clock.h - the two clocks verdict reads.
 *
 * clock_wall() is the time a run records (start and end times, run ids,
 * today's date): the real time, or SOURCE_DATE_EPOCH when it is set, so
 * that reproducible builds of the outputs are byte-identical.
 * clock_mono() measures durations (progress, timings, test times).
 */
#ifndef VERDICT_CLOCK_H
#define VERDICT_CLOCK_H

/* seconds since the epoch (UTC) */
double clock_wall(void);
/* 1 when SOURCE_DATE_EPOCH fixes clock_wall() */
int clock_fixed(void);
/* seconds on a monotonic clock */
double clock_mono(void);

#endif
