package org.j386.devices;

/**
 * A device with events in time (a timer's terminal count, an RTC tick). The machine runs the CPU
 * up to the earliest deadline, then lets each device catch up to the present.
 */
public interface TimedDevice {
    /** Sentinel deadline: nothing scheduled. */
    long NEVER = Long.MAX_VALUE;

    /** The time, in the machine clock's nanoseconds, of this device's next event, or {@link #NEVER}. */
    long nextDeadline();

    /** Brings the device up to {@code now}: raises the interrupts whose time has come. */
    void advanceTo(long now);
}
