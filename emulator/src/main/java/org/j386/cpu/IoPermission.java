package org.j386.cpu;

/**
 * I/O permission for IN, OUT, INS and OUTS (SDM Vol. 1 19.5, 19.5.2): in protected mode with
 * CPL &gt; IOPL, and always in V86 mode, every port of the access must have a clear bit in the
 * I/O permission bitmap of the current 32-bit TSS, whose offset sits at TSS 0x66.
 *
 * <p>The bitmap is read as a word at {@code base + port / 8}, since an access of up to four
 * ports may cross a byte; that word must lie inside the TSS limit, else #GP(0) (Bochs). A 16-bit
 * TSS has no bitmap: every checked access faults.
 */
public final class IoPermission {
    private IoPermission() { }

    private static final int PORTS_PER_BYTE_SHIFT = 3;
    private static final int BIT_IN_BYTE_MASK = 7;

    /**
     * Raises #GP(0) unless the access of {@code size} bytes (1, 2 or 4) at {@code port} is
     * allowed. Call it before the I/O bus access; real mode and CPL &lt;= IOPL return at once.
     */
    public static void check(Cpu cpu, int port, int size) {
        if (!cpu.protectedMode() || (!cpu.v86() && cpu.cpl <= cpu.iopl())) {
            return;
        }
        checkBitmap(cpu, port, size);
    }

    private static void checkBitmap(Cpu cpu, int port, int size) {
        if (!TaskSwitch.is32(cpu.trFlags)
                || Integer.compareUnsigned(cpu.trLimit, TaskSwitch.TSS32_MIN_LIMIT) < 0) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        int mapBase = cpu.mmu.readSystem16(cpu.trBase + TaskSwitch.TSS32_IO_MAP_BASE);
        int byteOffset = mapBase + ((port & 0xFFFF) >>> PORTS_PER_BYTE_SHIFT);
        if (Integer.compareUnsigned(byteOffset + 1, cpu.trLimit) > 0) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        int bits = cpu.mmu.readSystem16(cpu.trBase + byteOffset);
        int mask = (1 << size) - 1;
        if (((bits >>> (port & BIT_IN_BYTE_MASK)) & mask) != 0) {
            throw cpu.fault.with(Fault.GP, 0);
        }
    }
}
