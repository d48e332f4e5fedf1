package org.j386.monitor;

import org.j386.cpu.Cpu;
import org.j386.disasm.CodeReader;
import org.j386.disasm.Disassembler;
import org.j386.disasm.Instruction;
import org.j386.disasm.QemuListing;
import org.j386.mmu.PhysicalMemory;

/**
 * {@code x /FMT ADDR} (virtual, through the guest's page tables, without side effects) and
 * {@code xp /FMT ADDR} (physical), in the layout of QEMU's memory_dump: 8 units a line for bytes,
 * 16 bytes a line otherwise, the address as 8 hex digits for x and 16 for xp. Format {@code i}
 * disassembles N instructions as QEMU's monitor_disas does (capstone's AT&amp;T syntax in QEMU's
 * layout, {@link org.j386.disasm}), as 16- or 32-bit code by the current CS.D.
 */
public final class MemoryDump {
    /** Descriptor attribute D/B (bit 22 of the high dword, as Cpu.segFlags keeps it): 32-bit code. */
    private static final int DESC_B = 1 << 22;

    private MemoryDump() { }

    /** A parsed /FMT: count, format letter (x d u o c) and unit size in bytes. */
    public record Format(int count, char format, int size) {
        public static final Format DEFAULT = new Format(1, 'x', 4);

        /** Parses "/4xw", "/8b", "/c"...; missing parts come from {@code last}, as in QEMU. */
        public static Format parse(String spec, Format last) {
            int i = 1;
            int count = 0;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                count = count * 10 + (spec.charAt(i++) - '0');
                if (count > 1_000_000) {
                    throw new MonitorException("count too large: " + spec);
                }
            }
            char format = last.format;
            int size = last.size;
            for (; i < spec.length(); i++) {
                char c = spec.charAt(i);
                switch (c) {
                    case 'x', 'd', 'u', 'o', 'c' -> format = c;
                    case 'i' -> format = c;
                    case 'b' -> size = 1;
                    case 'h' -> size = 2;
                    case 'w' -> size = 4;
                    case 'g' -> size = 8;
                    default -> throw new MonitorException("invalid char in format: '" + c + "'");
                }
            }
            // QEMU: 'i' leaves the unit size alone (it has none); 'c' is bytewise.
            return new Format(count == 0 ? 1 : count, format, format == 'c' ? 1 : size);
        }
    }

    public static String dump(Cpu cpu, long address, Format f, boolean physical) {
        if (f.format == 'i') {
            return disassemble(cpu, (int) address, f.count, physical);
        }
        PhysicalMemory mem = cpu.mmu().memory();
        int wsize = f.size;
        int lineSize = wsize == 1 ? 8 : 16;
        int maxDigits = switch (f.format) {
            case 'o' -> (wsize * 8 + 2) / 3;
            case 'u', 'd' -> (wsize * 8 * 10 + 32) / 33;
            default -> wsize * 2;
        };
        StringBuilder sb = new StringBuilder();
        long addr = address & 0xFFFFFFFFL;
        long len = (long) wsize * f.count;
        while (len > 0) {
            sb.append(physical ? String.format("%016x:", addr) : String.format("%08x:", addr));
            int l = (int) Math.min(len, lineSize);
            byte[] buf = new byte[l];
            for (int k = 0; k < l; k++) {
                long a = (addr + k) & 0xFFFFFFFFL;
                long pa = physical ? a : cpu.mmu().debugTranslate((int) a);
                if (pa < 0) {
                    sb.append(" Cannot access memory\n");
                    return sb.toString();
                }
                buf[k] = (byte) mem.read8((int) pa);
            }
            for (int i = 0; i + wsize <= l; i += wsize) {
                long v = 0;
                for (int k = wsize - 1; k >= 0; k--) {
                    v = v << 8 | (buf[i + k] & 0xFF);
                }
                sb.append(' ');
                switch (f.format) {
                    case 'o' -> sb.append(String.format("%#" + maxDigits + "o", v));
                    case 'u', 'd' -> sb.append(String.format("%" + maxDigits + "d", v));
                    case 'c' -> printc(sb, (int) v);
                    default -> sb.append(String.format("0x%0" + maxDigits + "x", v));
                }
            }
            sb.append('\n');
            addr += l;
            len -= l;
        }
        return sb.toString();
    }

    /** {@code count} instructions from {@code address}, stopping at bytes that cannot be read. */
    private static String disassemble(Cpu cpu, int address, int count, boolean physical) {
        PhysicalMemory mem = cpu.mmu().memory();
        CodeReader code = lin -> {
            long pa = physical ? Integer.toUnsignedLong(lin) : cpu.mmu().debugTranslate(lin);
            return pa < 0 ? -1 : mem.read8((int) pa);
        };
        boolean code32 = (cpu.segFlags(Cpu.CS) & DESC_B) != 0;
        StringBuilder sb = new StringBuilder();
        int at = address;
        for (int i = 0; i < count; i++) {
            Instruction in = Disassembler.decode(code, at, code32);
            if (in == null) {
                return sb.append(QemuListing.unreadable(at)).toString();
            }
            sb.append(QemuListing.format(in));
            at += in.length();
        }
        return sb.toString();
    }

    private static void printc(StringBuilder sb, int c) {
        sb.append('\'');
        switch (c) {
            case '\'' -> sb.append("\\'");
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            default -> {
                if (c >= 32 && c <= 126) {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\x%02x", c));
                }
            }
        }
        sb.append('\'');
    }
}
