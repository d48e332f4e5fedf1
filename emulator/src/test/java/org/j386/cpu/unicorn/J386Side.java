package org.j386.cpu.unicorn;

import java.util.Arrays;
import org.j386.cpu.Cpu;
import org.j386.cpu.Cr0;
import org.j386.devices.IoBus;
import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;

/**
 * Runs one {@link FuzzCase} on j386 ({@code run(1)}) in the same {@link FuzzLayout} as Unicorn:
 * CR0 = PE|ET, paging off, CPL 0, the GDT's flat segments loaded. An exception is delivered
 * through an IDT whose gate for vector v points at a distinct never-executed address, so the
 * vector is read back from EIP and the state it was raised in from the frame (SDM Vol. 3A 6.12.1:
 * EIP, CS, EFLAGS, after an error code for vectors 8, 10-14 and 17).
 */
final class J386Side {
    private static final int CR0_VALUE = Cr0.PE | Cr0.ET;

    private final PhysicalMemory mem = new PhysicalMemory(FuzzLayout.RAM_SIZE);
    private final Mmu mmu = new Mmu(mem);
    private final IoBus io = new IoBus();
    private final FuzzPorts ports = new FuzzPorts();
    private final Cpu cpu;
    private final byte[] fill = new byte[FuzzLayout.FILL_BEFORE + FuzzLayout.FILL_AFTER];

    J386Side() {
        io.register(0, IoBus.PORT_COUNT, ports);
        cpu = new Cpu(mmu, io);
        byte[] low = new byte[FuzzLayout.LOW_SIZE];
        Arrays.fill(low, FuzzLayout.HLT);
        Arrays.fill(fill, FuzzLayout.HLT);
        mem.load(FuzzLayout.LOW, low, 0, low.length);
        byte[] gdt = FuzzLayout.gdtImage(FuzzLayout.slot(0));
        mem.load(FuzzLayout.GDT, gdt, 0, gdt.length);
        byte[] idt = FuzzLayout.idtImage();
        mem.load(FuzzLayout.IDT, idt, 0, idt.length);
        setUp();
    }

    /**
     * Protected mode, tables, segments, after construction and after a halt or shutdown. LDTR
     * keeps its RESET cache (base 0, limit 0xFFFF, SDM Vol. 3A table 9-1) until loaded, while
     * Unicorn's is null: {@code lldt ax} with AX = 0 makes both null, so TI=1 selectors #GP on both.
     */
    private void setUp() {
        cpu.reset();
        cpu.setCr(0, CR0_VALUE);
        cpu.setGdtr(FuzzLayout.GDT, FuzzLayout.GDT_ENTRIES * 8 - 1);
        cpu.setIdtr(FuzzLayout.IDT, 256 * 8 - 1);
        loadFlatSegments();
        byte[] lldt = {0x0F, 0x00, (byte) 0xD0};
        mem.load(FuzzLayout.SETUP, lldt, 0, lldt.length);
        cpu.setReg(Cpu.EAX, 0);
        cpu.setEip(FuzzLayout.SETUP);
        cpu.run(1);
        if (cpu.eip() != FuzzLayout.SETUP + lldt.length || cpu.ldtrSelector() != 0) {
            throw new IllegalStateException("J386Side.setUp: lldt ax (ax = 0) did not run: eip "
                    + Integer.toHexString(cpu.eip()));
        }
    }

    private void loadFlatSegments() {
        for (int s = 0; s < 6; s++) {
            cpu.loadSegmentCache(s, FuzzLayout.SEG_SELECTOR[s], FuzzLayout.SEG_BASE[s], 0xFFFFFFFF,
                    s == 1 ? FuzzLayout.FLAT_CODE_FLAGS : FuzzLayout.FLAT_DATA_FLAGS);
        }
    }

    void run(FuzzCase c, byte[] window, Outcome out) {
        out.clear();
        ports.clear();
        if (cpu.halted() || cpu.shutdown() || cpu.cr(0) != CR0_VALUE) {
            setUp();
        }
        mem.load(FuzzLayout.WINDOW, window, 0, window.length);
        mem.load(FuzzLayout.cellStart(c.at) - FuzzLayout.FILL_BEFORE, fill, 0, fill.length);
        mem.load(c.at, c.code, 0, c.code.length);
        byte[] code16 = FuzzLayout.code16Descriptor(c.at);
        mem.load(FuzzLayout.GDT + FuzzLayout.SEL_CODE16, code16, 0, code16.length);
        loadFlatSegments();
        if (c.code16) {
            cpu.loadSegmentCache(Cpu.CS, FuzzLayout.SEL_CODE16, c.csBase(), FuzzLayout.CODE16_LIMIT,
                    FuzzLayout.CODE16_FLAGS);
        }
        for (int i = 0; i < 8; i++) {
            cpu.setReg(i, c.gpr[i]);
        }
        cpu.setEip(c.at - c.csBase());
        cpu.setEflags(c.eflags);
        long retired;
        try {
            retired = cpu.run(1);
        } catch (Throwable t) {
            out.error = "j386 threw " + t + " at " + (t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?");
            out.thrown = true;
            retired = 1;
        }
        if (out.error == null && retired != 1) {
            out.error = "j386 run(1) retired " + retired + (cpu.halted() ? " (halted)" : "")
                    + (cpu.shutdown() ? " (shutdown)" : "");
        }
        for (int i = 0; i < 8; i++) {
            out.gpr[i] = cpu.reg(i);
        }
        out.eip = cpu.eip();
        out.eflags = cpu.eflags();
        for (int s = 0; s < 6; s++) {
            out.selectors[s] = cpu.segSelector(s);
        }
        System.arraycopy(mem.ram, FuzzLayout.WINDOW, out.window, 0, out.window.length);
        out.takePorts(ports);
        int vector = FuzzLayout.vectorOfHandler(out.eip);
        if (vector >= 0 && cpu.segSelector(1) == FuzzLayout.SEL_CODE) {
            readFrame(vector, !c.form.startsWith("INT"), c.code16 ? FuzzLayout.SEL_CODE16 : FuzzLayout.SEL_CODE, out);
        }
    }

    /** Replaces the handler's state in {@code out} by the state the frame records. */
    private void readFrame(int vector, boolean exception, int codeSelector, Outcome out) {
        // INT n, INT3 and INTO never push an error code, whatever the vector (SDM Vol. 3A 6.13).
        boolean errorCode = exception && (vector == 8 || vector >= 10 && vector <= 14 || vector == 17);
        int sp = cpu.segBase(2) + cpu.reg(Cpu.ESP);
        int at = sp + (errorCode ? 4 : 0);
        out.vector = vector;
        out.eip = mmu.readSystem32(at);
        int cs = mmu.readSystem32(at + 4) & 0xFFFF;
        // SDM Vol. 3A 17.3.1.1: the image pushed for a fault has RF set; it is not the state the
        // fault was raised in, which is what Unicorn reports.
        out.eflags = mmu.readSystem32(at + 8) & ~org.j386.cpu.Eflags.RF;
        out.gpr[Cpu.ESP] += at + 12 - sp;
        out.frameLinear = sp;
        out.frameSize = at + 12 - sp;
        if (cs != codeSelector) {
            out.error = "j386 exception frame holds cs " + Integer.toHexString(cs);
        }
    }
}
