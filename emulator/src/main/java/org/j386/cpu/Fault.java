package org.j386.cpu;

/**
 * A processor exception (SDM Vol. 3A 6.3): a vector and, for the vectors that push one, an error code.
 *
 * <p>Faults travel from deep inside an instruction (a page walk, a segment check) to the
 * dispatch loop as a Java exception. Each thrower owns one preallocated instance and refills it,
 * and no stack trace is ever captured, so raising a fault allocates nothing.
 */
public final class Fault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Marks {@link #errorCode} as absent (vectors 0-7, 16 and software interrupts push none). */
    public static final int NO_ERROR_CODE = -1;

    public static final int DE = 0;   // divide error
    public static final int DB = 1;   // debug
    public static final int NMI = 2;
    public static final int BP = 3;   // breakpoint (INT3)
    public static final int OF = 4;   // overflow (INTO)
    public static final int BR = 5;   // BOUND range exceeded
    public static final int UD = 6;   // invalid opcode
    public static final int NM = 7;   // device not available
    public static final int DF = 8;   // double fault
    public static final int TS = 10;  // invalid TSS
    public static final int NP = 11;  // segment not present
    public static final int SS = 12;  // stack-segment fault
    public static final int GP = 13;  // general protection
    public static final int PF = 14;  // page fault
    public static final int MF = 16;  // x87 floating-point error
    public static final int AC = 17;  // alignment check

    private int vector;
    private int errorCode = NO_ERROR_CODE;

    public Fault() {
        super(null, null, false, false);
    }

    /** Refills this instance and returns it, for {@code throw fault.with(GP, 0)}. */
    public Fault with(int vector, int errorCode) {
        this.vector = vector;
        this.errorCode = errorCode;
        return this;
    }

    public int vector() {
        return vector;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean hasErrorCode() {
        return errorCode != NO_ERROR_CODE;
    }

    @Override
    public String getMessage() {
        return hasErrorCode()
                ? String.format("exception %d, error code %04x", vector, errorCode)
                : "exception " + vector;
    }

    private static boolean contributory(int v) {
        return v == DE || v == TS || v == NP || v == SS || v == GP;
    }

    /** SDM Vol. 3A table 6-5: contributory then contributory, or #PF then #PF or contributory. */
    static boolean isDoubleFault(int first, int second) {
        if (contributory(first)) {
            return contributory(second);
        }
        return first == PF && (second == PF || contributory(second));
    }
}
