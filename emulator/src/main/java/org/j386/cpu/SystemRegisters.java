package org.j386.cpu;

/**
 * Read-only access to the state a debugger or the monitor shows but instructions rarely touch:
 * LDTR and TR with their descriptor caches, and the interrupt shadow. Kept apart from
 * {@link Cpu}'s own accessors so the hot class stays small.
 */
public final class SystemRegisters {
    private SystemRegisters() { }

    public static int ldtrSelector(Cpu cpu) {
        return cpu.ldtrSel;
    }

    public static int ldtrBase(Cpu cpu) {
        return cpu.ldtrBase;
    }

    public static int ldtrLimit(Cpu cpu) {
        return cpu.ldtrLimit;
    }

    public static int ldtrFlags(Cpu cpu) {
        return cpu.ldtrFlags;
    }

    public static int trSelector(Cpu cpu) {
        return cpu.trSel;
    }

    public static int trBase(Cpu cpu) {
        return cpu.trBase;
    }

    public static int trLimit(Cpu cpu) {
        return cpu.trLimit;
    }

    public static int trFlags(Cpu cpu) {
        return cpu.trFlags;
    }

    /** Interrupts are held off for one instruction after STI, MOV SS or POP SS ("II" in QEMU's dump). */
    public static boolean interruptShadow(Cpu cpu) {
        return cpu.inhibitAt == cpu.instructions;
    }
}
