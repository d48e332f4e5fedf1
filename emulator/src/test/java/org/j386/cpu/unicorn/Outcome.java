package org.j386.cpu.unicorn;

/**
 * The state one machine reached after one instruction, in the terms both can give: for an
 * exception, its vector and the state it was raised in (faulting or trapping EIP, registers).
 */
final class Outcome {
    /** Exception vector, or -1. */
    int vector = -1;
    final int[] gpr = new int[8];
    int eip;
    int eflags;
    /** Selectors of ES..GS. */
    final int[] selectors = new int[6];
    final byte[] window = new byte[FuzzLayout.WINDOW_SIZE];
    int outPort;
    int outSize;
    int outValue;
    int outCount;
    /** Linear range of an exception frame j386 pushed into the window, not compared; size 0 if none. */
    int frameLinear;
    int frameSize;
    /** Why this machine could not give a state (engine error, thrown exception), or null. */
    String error;
    /** The emulator threw a Java exception (not an emulated one). */
    boolean thrown;

    void clear() {
        vector = -1;
        frameLinear = 0;
        frameSize = 0;
        error = null;
        thrown = false;
    }

    void takePorts(FuzzPorts p) {
        outPort = p.outPort;
        outSize = p.outSize;
        outValue = p.outValue;
        outCount = p.outCount;
    }
}
