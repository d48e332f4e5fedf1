package org.j386.gdb;

/**
 * What the stub asks of the machine being debugged. Registers are numbered as gdb numbers them
 * for the target ({@link I386Registers}); memory addresses are linear.
 *
 * <p>Threads: the stub calls everything from one session thread, one call at a time, except
 * {@link #interrupt}, which may come from any thread while {@link #resume} or {@link #step} runs.
 * An implementation keeps guest state confined to its own emulator thread.
 */
public interface DebugTarget {
    /** Register {@code n} in target byte order, {@link I386Registers#size} bytes. */
    byte[] readRegister(int n);

    /** Writes register {@code n}; false if the value cannot be taken (nothing changes then). */
    boolean writeRegister(int n, byte[] value);

    /**
     * Reads {@code length} bytes at linear {@code address} through the guest's current page tables,
     * without setting accessed bits, filling the TLB or faulting; null if any byte is unmapped.
     */
    byte[] readMemory(int address, int length);

    /** Writes bytes at a linear address the same way; false (nothing written) if any byte is unmapped. */
    boolean writeMemory(int address, byte[] data);

    /** Executes exactly one instruction (or delivers one exception) with external interrupts held off. */
    StopEvent step();

    /** Runs the guest until a breakpoint, a watchpoint, {@link #interrupt} or the guest's end. */
    StopEvent resume();

    /** Makes a running {@link #resume} return {@link StopEvent#interrupted()} soon. Any thread. */
    void interrupt();

    /** False if this kind of breakpoint is not supported (the stub then answers empty). */
    boolean supports(Breakpoint.Type type);

    /** Inserts a breakpoint or watchpoint; false on failure. Inserting one twice is fine. */
    boolean insert(Breakpoint bp);

    /** Removes it; false if it was not there. */
    boolean remove(Breakpoint bp);

    /** A debugger connected: stop the guest and hold it until {@link #resume} or {@link #detach}. */
    void attach();

    /** The debugger left: drop every breakpoint and watchpoint and let the guest run on. */
    void detach();

    /** gdb's {@code kill}: end the emulator. */
    void kill();
}
