package org.j386.cpu;

/**
 * IN and OUT (SDM Vol. 2A IN, Vol. 2B OUT). In protected and virtual-8086 mode the access is first
 * checked against IOPL and the TSS I/O permission bitmap by {@code IoPermission}.
 */
final class IoInstructions {
    private IoInstructions() { }

    /** Raises #GP(0) when the current privilege may not touch {@code size} ports from {@code port}. */
    static void check(Cpu c, int port, int size) {
        if (c.protectedMode()) {
            IoPermission.check(c, port, size);
        }
    }

    static void in(Cpu c, Insn i, int port) {
        int size = i.size;
        check(c, port, size);
        c.setRegSized(size, Cpu.EAX, c.io.read(port, size));
    }

    static void out(Cpu c, Insn i, int port) {
        int size = i.size;
        check(c, port, size);
        c.io.write(port, size, c.getReg(size, Cpu.EAX));
    }
}
