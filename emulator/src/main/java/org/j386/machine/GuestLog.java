package org.j386.machine;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.IntFunction;

import org.j386.cpu.BlockObserver;
import org.j386.cpu.Cpu;
import org.j386.cpu.Cr0;
import org.j386.cpu.Fault;
import org.j386.monitor.RegisterDump;

/**
 * QEMU's {@code -d ITEM,... [-D FILE]} log, for the items j386 can report honestly:
 *
 * <pre>
 *   int           "Servicing hardware INT=0xNN" for each external interrupt taken, then every
 *                 interrupt and exception delivered in protected mode, in QEMU 7.2's format
 *                 (target/i386/tcg/seg_helper.c, do_interrupt_all): a counter, v= vector, e= error
 *                 code, i=1 for INT n/INT3/INTO, cpl=, IP=CS:EIP, pc= linear, SP=SS:ESP, then CR2
 *                 for a #PF or EAX otherwise, then the register block of "info registers"
 *   cpu_reset     "CPU Reset (CPU 0)" and the register block at each reset, "Triple fault" at a
 *                 shutdown, as QEMU's CPU_LOG_RESET
 *   mmu           one line per page fault: linear address, error code and its P/W/U bits, EIP
 *   guest_errors  writes to I/O ports no device decodes, to physical addresses above RAM, to ROM
 *   in_asm        each block's instructions when it is decoded, in QEMU's format ({@link BlockLog})
 *   exec          a "Trace 0:" line for every block run, in QEMU's format ({@link BlockLog})
 * </pre>
 *
 * QEMU's register block under {@code -d int} also has a {@code CCS= CCD= CCO=} line, its own
 * lazy-flag state; j386's lazy flags are different, so that line is left out rather than made up.
 * QEMU's "check_exception old: new:" lines (its double-fault bookkeeping) are left out too.
 * At power-on j386 logs the reset state once (QEMU logs twice, first its all-zero state before the
 * first reset); at a reboot, as QEMU, the state the reset interrupted.
 */
public final class GuestLog {
    /** The {@code -d} items j386 implements, by QEMU's names. */
    public enum Item {
        INT("int"), CPU_RESET("cpu_reset"), MMU("mmu"), GUEST_ERRORS("guest_errors"), IN_ASM("in_asm"), EXEC("exec");

        public final String qemuName;

        Item(String qemuName) {
            this.qemuName = qemuName;
        }

        public static Item byName(String name) {
            for (Item i : values()) {
                if (i.qemuName.equals(name)) {
                    return i;
                }
            }
            return null;
        }
    }

    private static final int PF_P = 1 << 0, PF_W = 1 << 1, PF_U = 1 << 2;

    private final Set<Item> items;
    private final PrintStream out;
    /** Interrupts logged so far: QEMU's static counter. */
    private int count;
    /** in_asm and exec, or null when neither is asked for (the run loop then has no observer). */
    private final BlockLog blocks;

    public GuestLog(Set<Item> items, PrintStream out) {
        this.items = items.isEmpty() ? EnumSet.noneOf(Item.class) : EnumSet.copyOf(items);
        this.out = out;
        boolean inAsm = this.items.contains(Item.IN_ASM);
        boolean exec = this.items.contains(Item.EXEC);
        this.blocks = inAsm || exec ? new BlockLog(out, inAsm, exec) : null;
    }

    /** Logs nothing. */
    public static GuestLog off() {
        return new GuestLog(EnumSet.noneOf(Item.class), null);
    }

    public boolean enabled(Item item) {
        return items.contains(item);
    }

    public void flush() {
        if (out != null) {
            out.flush();
        }
    }

    /** The processor's block observer for in_asm and exec, or null when neither is logged. */
    BlockObserver blockObserver() {
        return blocks;
    }

    /** Where in_asm and exec find the function an address lies in (QEMU's lookup_symbol). */
    void setSymbols(IntFunction<String> symbols) {
        if (blocks != null) {
            blocks.setSymbols(symbols);
        }
    }

    /** A reset: the processor's state at that moment (QEMU's cpu_common_reset). */
    void cpuReset(Cpu cpu) {
        if (enabled(Item.CPU_RESET)) {
            out.print("CPU Reset (CPU 0)\n" + RegisterDump.dump(cpu));
        }
    }

    void tripleFault() {
        if (enabled(Item.CPU_RESET)) {
            out.print("Triple fault\n");
        }
    }

    /** The processor takes an external interrupt (QEMU's x86_cpu_exec_interrupt, in any mode). */
    void hardwareInterrupt(int vector) {
        if (enabled(Item.INT)) {
            out.printf("Servicing hardware INT=0x%02x\n", vector);
        }
    }

    /**
     * One delivery attempt, before the processor state changes. {@code eip} is what QEMU shows:
     * the INT instruction's own address for a software interrupt, else the current EIP.
     */
    void interrupt(Cpu cpu, int vector, int errorCode, boolean software, int eip) {
        if (vector == Fault.PF && enabled(Item.MMU)) {
            int e = errorCode;
            out.printf("page fault: linear %08x error %04x (%s %s %s) eip %08x\n", cpu.cr(2), e,
                    (e & PF_P) != 0 ? "protection" : "not-present", (e & PF_W) != 0 ? "write" : "read",
                    (e & PF_U) != 0 ? "user" : "supervisor", eip);
        }
        if (!enabled(Item.INT) || (cpu.cr(0) & Cr0.PE) == 0) {
            return;
        }
        int code = errorCode == Fault.NO_ERROR_CODE ? 0 : errorCode;
        StringBuilder sb = new StringBuilder(1200);
        sb.append(String.format("%6d: v=%02x e=%04x i=%d cpl=%d IP=%04x:%08x pc=%08x SP=%04x:%08x",
                count, vector, code, software ? 1 : 0, cpu.cpl(), cpu.segSelector(Cpu.CS), eip,
                cpu.segBase(Cpu.CS) + eip, cpu.segSelector(Cpu.SS), cpu.reg(Cpu.ESP)));
        if (vector == Fault.PF) {
            sb.append(String.format(" CR2=%08x", cpu.cr(2)));
        } else {
            sb.append(String.format(" env->regs[R_EAX]=%08x", cpu.reg(Cpu.EAX)));
        }
        sb.append('\n');
        String block = RegisterDump.dump(cpu);
        if (eip != cpu.eip()) {
            block = block.replaceFirst("EIP=[0-9a-f]{8}", String.format("EIP=%08x", eip));
        }
        sb.append(block);
        out.print(sb);
        count++;
    }

    /** A guest write nothing takes: an unassigned I/O port, memory above RAM, a ROM. */
    void unassignedWrite(String where, long address, int size, int value) {
        if (enabled(Item.GUEST_ERRORS)) {
            out.printf("guest error: write of %0" + (size * 2) + "x (%d byte%s) to %s %s, dropped\n",
                    value & (size == 4 ? 0xFFFFFFFFL : (1L << (size * 8)) - 1), size, size == 1 ? "" : "s",
                    where, address > 0xFFFF ? String.format("0x%08x", address) : String.format("0x%04x", address));
        }
    }
}
