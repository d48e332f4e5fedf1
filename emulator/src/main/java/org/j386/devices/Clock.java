package org.j386.devices;

/**
 * The machine's notion of time, in nanoseconds since power-on. By default it is virtual time
 * derived from the retired instruction count, so every run of the same guest is the same; with
 * {@code -rtc clock=host} it follows the host's monotonic clock.
 */
public interface Clock {
    long nanos();
}
