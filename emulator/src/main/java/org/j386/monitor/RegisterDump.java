package org.j386.monitor;

import org.j386.cpu.Cpu;
import org.j386.cpu.Cr0;

/**
 * {@code info registers} in QEMU's format (target/i386/cpu-dump.c), also used for the register
 * block of {@code -d int} and {@code -d cpu_reset}. A 486 has no FPU/SSE state to print.
 */
public final class RegisterDump {
    private RegisterDump() { }

    private static final String[] SEG_NAMES = {"ES =", "CS =", "SS =", "DS =", "FS =", "GS ="};
    // Descriptor attribute bits as they sit in the high dword (and in the segment caches).
    private static final int DESC_A = 1 << 8;
    private static final int DESC_RW = 1 << 9;        // readable code / writable data
    private static final int DESC_CE = 1 << 10;       // conforming code / expand-down data
    private static final int DESC_CODE = 1 << 11;
    private static final int DESC_S = 1 << 12;
    private static final int DESC_DPL_SHIFT = 13;
    private static final int DESC_P = 1 << 15;
    private static final int DESC_B = 1 << 22;
    private static final int DESC_TYPE_SHIFT = 8;
    private static final int DESC_TYPE_MASK = 0xF << DESC_TYPE_SHIFT;
    private static final int FLAGS_MASK = 0x00FFFF00;

    private static final String[] SYSTEM_TYPES = {
        "Reserved", "TSS16-avl", "LDT", "TSS16-busy", "CallGate16", "TaskGate", "IntGate16", "TrapGate16",
        "Reserved", "TSS32-avl", "Reserved", "TSS32-busy", "CallGate32", "Reserved", "IntGate32", "TrapGate32",
    };

    // EFLAGS bits shown in the flag string.
    private static final int CF = 1 << 0, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7;
    private static final int DF = 1 << 10, OF = 1 << 11;

    public static String dump(Cpu cpu) {
        StringBuilder sb = new StringBuilder(1024);
        int efl = cpu.eflags();
        sb.append(String.format("EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n",
                cpu.reg(Cpu.EAX), cpu.reg(Cpu.EBX), cpu.reg(Cpu.ECX), cpu.reg(Cpu.EDX)));
        sb.append(String.format("ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n",
                cpu.reg(Cpu.ESI), cpu.reg(Cpu.EDI), cpu.reg(Cpu.EBP), cpu.reg(Cpu.ESP)));
        sb.append(String.format("EIP=%08x EFL=%08x [%c%c%c%c%c%c%c] CPL=%d II=%d A20=%d SMM=0 HLT=%d\n",
                cpu.eip(), efl,
                (efl & DF) != 0 ? 'D' : '-', (efl & OF) != 0 ? 'O' : '-', (efl & SF) != 0 ? 'S' : '-',
                (efl & ZF) != 0 ? 'Z' : '-', (efl & AF) != 0 ? 'A' : '-', (efl & PF) != 0 ? 'P' : '-',
                (efl & CF) != 0 ? 'C' : '-',
                cpu.cpl(), cpu.interruptShadow() ? 1 : 0, cpu.mmu().a20() ? 1 : 0, cpu.halted() ? 1 : 0));
        boolean pe = (cpu.cr(0) & Cr0.PE) != 0;
        for (int s = Cpu.ES; s <= Cpu.GS; s++) {
            segment(sb, pe, SEG_NAMES[s], cpu.segSelector(s), cpu.segBase(s), cpu.segLimit(s), cpu.segFlags(s));
        }
        segment(sb, pe, "LDT=", cpu.ldtrSelector(), cpu.ldtrBase(),
                cpu.ldtrLimit(), cpu.ldtrFlags());
        segment(sb, pe, "TR =", cpu.trSelector(), cpu.trBase(),
                cpu.trLimit(), cpu.trFlags());
        sb.append(String.format("GDT=     %08x %08x\n", cpu.gdtrBase(), cpu.gdtrLimit()));
        sb.append(String.format("IDT=     %08x %08x\n", cpu.idtrBase(), cpu.idtrLimit()));
        sb.append(String.format("CR0=%08x CR2=%08x CR3=%08x CR4=%08x\n", cpu.cr(0), cpu.cr(2), cpu.cr(3), cpu.cr(4)));
        for (int i = 0; i < 4; i++) {
            sb.append(String.format("DR%d=%08x ", i, cpu.dr(i)));
        }
        sb.append(String.format("\nDR6=%08x DR7=%08x\n", cpu.dr(6), cpu.dr(7)));
        sb.append("EFER=0000000000000000").append("\n");
        return sb.toString();
    }

    /** One segment cache line, as QEMU's cpu_x86_dump_seg_cache. */
    static void segment(StringBuilder sb, boolean pe, String name, int sel, int base, int limit, int flags) {
        sb.append(String.format("%s%04x %08x %08x %08x", name, sel & 0xFFFF, base, limit, flags & FLAGS_MASK));
        if (pe && (flags & DESC_P) != 0) {
            sb.append(String.format(" DPL=%d ", flags >>> DESC_DPL_SHIFT & 3));
            if ((flags & DESC_S) != 0) {
                if ((flags & DESC_CODE) != 0) {
                    sb.append((flags & DESC_B) != 0 ? "CS32" : "CS16");
                    sb.append(" [").append((flags & DESC_CE) != 0 ? 'C' : '-').append((flags & DESC_RW) != 0 ? 'R' : '-');
                } else {
                    sb.append((flags & DESC_B) != 0 ? "DS  " : "DS16");
                    sb.append(" [").append((flags & DESC_CE) != 0 ? 'E' : '-').append((flags & DESC_RW) != 0 ? 'W' : '-');
                }
                sb.append((flags & DESC_A) != 0 ? 'A' : '-').append(']');
            } else {
                sb.append(SYSTEM_TYPES[(flags & DESC_TYPE_MASK) >>> DESC_TYPE_SHIFT]);
            }
        }
        sb.append("\n");
    }
}
