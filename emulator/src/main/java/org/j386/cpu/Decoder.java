package org.j386.cpu;

import static org.j386.cpu.Cpu.DS;
import static org.j386.cpu.Cpu.SS;

import org.j386.cpu.OpcodeTable.Immediate;
import org.j386.cpu.OpcodeTable.Row;
import org.j386.mmu.Mmu;

/**
 * The instruction decoder (SDM Vol. 2 ch. 2, figure 2-1; tables 2-1 and 2-2 for the 16- and
 * 32-bit ModRM forms, 2-3 for SIB): prefixes, one- or two-byte opcode, ModRM/SIB/displacement,
 * immediates, into a reusable {@link Insn}. Its maps are built once from {@link OpcodeTable}.
 *
 * <p>Bytes come straight from the RAM array while they stay in the page; past the page end, or
 * for code outside RAM, through {@link Mmu#fetch8}, which raises the #PF of the next page. More
 * than 15 bytes raise #GP(0); an opcode the table lacks, or LOCK where the table forbids it
 * (SDM Vol. 2A LOCK), decodes to an instruction that raises #UD.
 */
final class Decoder {
    private static final int MAX_LENGTH = 15;

    /** What the decoder needs of one row. Group holders carry the eight /digit rows. */
    static final class Entry {
        int op;
        int sub;
        boolean modrm;
        Immediate imm = Immediate.NONE;
        boolean lock;
        boolean end;
        boolean byteSize;
        /** ModRM names a register whatever mod says (MOV to/from CRn, DRn). */
        boolean forceReg;
        /** A string instruction: with a REP prefix it ends its block (it may restart itself). */
        boolean string;
        Entry[] group;
    }

    private static final Entry[] ONE = new Entry[256];
    private static final Entry[] TWO = new Entry[256];

    static {
        for (Row r : OpcodeTable.rows()) {
            install(r);
        }
    }

    private final Cpu cpu;
    private final Mmu mmu;
    private final byte[] ram;
    /** RAM index of the next byte, or -1 once fetching goes through the MMU. */
    private int pos;
    private int limit;
    private int lin;
    private int count;
    private boolean straddled;

    Decoder(Cpu cpu, Mmu mmu) {
        this.cpu = cpu;
        this.mmu = mmu;
        this.ram = mmu.ram;
    }

    private static void install(Row r) {
        Entry e = new Entry();
        int bound = Dispatch.bind(r);
        e.op = bound >>> 8;
        e.sub = bound & 0xFF;
        e.modrm = r.modrm();
        e.imm = r.immediate();
        e.lock = r.lock();
        e.end = r.endsBlock();
        e.byteSize = r.byteSized();
        e.forceReg = r.operands().contains("Cd") || r.operands().contains("Dd");
        e.string = Dispatch.isString(e.op);
        Entry[] map = r.twoByte() ? TWO : ONE;
        if (r.group() >= 0) {
            Entry holder = map[r.opcode()];
            if (holder == null) {
                holder = new Entry();
                holder.modrm = true;
                holder.group = new Entry[8];
                map[r.opcode()] = holder;
            }
            holder.group[r.group()] = e;
        } else if (r.plusReg()) {
            for (int k = 0; k < 8; k++) {
                map[r.opcode() + k] = e;
            }
        } else {
            map[r.opcode()] = e;
        }
    }

    private int next() {
        if (++count > MAX_LENGTH) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        if (pos >= 0) {
            if (pos < limit) {
                lin++;
                return ram[pos++] & 0xFF;
            }
            pos = -1;
            straddled = true;
        }
        return mmu.fetch8(lin++);
    }

    private int next16() {
        int lo = next();
        return lo | next() << 8;
    }

    private int next32() {
        int lo = next16();
        return lo | next16() << 16;
    }

    /**
     * Decodes the instruction at linear {@code linear}, whose first byte is at RAM index
     * {@code index} (or -1 to fetch everything through the MMU). Returns false when it
     * straddles a page end, so it must not be cached.
     */
    boolean decode(Insn in, int linear, int index, boolean code32) {
        lin = linear;
        pos = index;
        limit = index < 0 ? 0 : (index | CodeCache.PAGE_MASK) + 1;
        count = 0;
        straddled = index < 0;
        int seg = -1;
        boolean opsz = false;
        boolean adsz = false;
        boolean lock = false;
        int rep = 0;
        int b;
        Entry e0;
        prefixes:
        while (true) {
            b = next();
            switch (b) {
                case 0x26: seg = Cpu.ES; break;
                case 0x2E: seg = Cpu.CS; break;
                case 0x36: seg = Cpu.SS; break;
                case 0x3E: seg = Cpu.DS; break;
                case 0x64: seg = Cpu.FS; break;
                case 0x65: seg = Cpu.GS; break;
                case 0x66: opsz = true; break;
                case 0x67: adsz = true; break;
                case 0xF0: lock = true; break;
                case 0xF2: case 0xF3: rep = b; break;
                default: break prefixes;
            }
        }
        if (b == 0x0F) {
            b = next();
            e0 = TWO[b];
        } else {
            e0 = ONE[b];
        }
        Entry e = e0;
        boolean op32 = code32 != opsz;
        boolean a32 = code32 != adsz;
        in.op32 = op32;
        in.addr32 = a32;
        in.rep = rep;
        in.mem = false;
        in.base = Cpu.NO_REG;
        in.index = Cpu.NO_REG;
        in.scale = 0;
        in.disp = 0;
        in.imm = 0;
        in.imm2 = 0;
        in.reg = b & 7;
        in.rm = 0;
        in.seg = seg < 0 ? DS : seg;
        if (e != null && e.modrm) {
            int m = next();
            int mod = m >>> 6;
            in.reg = (m >>> 3) & 7;
            in.rm = m & 7;
            if (e.group != null) {
                e = e.group[in.reg];
            }
            if (e != null && mod != 3 && !e.forceReg) {
                in.mem = true;
                if (a32) {
                    modrm32(in, mod, in.rm, seg);
                } else {
                    modrm16(in, mod, in.rm, seg);
                }
            }
        }
        if (e == null || (lock && (!e.lock || !in.mem))) {
            in.op = Dispatch.UD;
            in.handler = Dispatch.HANDLERS[Dispatch.UD];
            in.sub = 0;
            in.size = op32 ? 4 : 2;
            in.endsBlock = true;
            in.kind = Insn.FULL;
            in.len = count;
            return !straddled;
        }
        switch (e.imm) {
            case IB, CB -> in.imm = (byte) next();
            case IW -> in.imm = next16();
            case IZ -> in.imm = op32 ? next32() : (short) next16();
            case CZ -> in.imm = op32 ? next32() : (short) next16();
            case CP -> {
                in.imm = op32 ? next32() : next16();
                in.imm2 = next16();
            }
            case MO -> {
                in.mem = true;
                in.disp = a32 ? next32() : next16();
            }
            case IW_IB -> {
                in.imm = next16();
                in.imm2 = next();
            }
            default -> { }
        }
        in.op = e.op;
        in.sub = e.sub;
        in.size = e.byteSize ? 1 : op32 ? 4 : 2;
        in.endsBlock = e.end || (e.string && rep != 0);
        in.kind = in.endsBlock ? (Dispatch.isNearTransfer(e.op) ? Insn.NEAR : Insn.FULL) : Dispatch.isPure(e.op) ? Insn.PURE : Insn.FULL;
        in.len = count;
        Fast.specialize(in);
        in.handler = Dispatch.HANDLERS[in.op];
        return !straddled;
    }

    /** SDM Vol. 2A table 2-1: BX/BP + SI/DI forms; BP-based forms default to SS. */
    private void modrm16(Insn in, int mod, int rm, int seg) {
        int def = DS;
        switch (rm) {
            case 0: in.base = Cpu.EBX; in.index = Cpu.ESI; break;
            case 1: in.base = Cpu.EBX; in.index = Cpu.EDI; break;
            case 2: in.base = Cpu.EBP; in.index = Cpu.ESI; def = SS; break;
            case 3: in.base = Cpu.EBP; in.index = Cpu.EDI; def = SS; break;
            case 4: in.base = Cpu.ESI; break;
            case 5: in.base = Cpu.EDI; break;
            case 6:
                if (mod == 0) {
                    in.disp = next16();
                    in.seg = seg < 0 ? DS : seg;
                    return;
                }
                in.base = Cpu.EBP;
                def = SS;
                break;
            default: in.base = Cpu.EBX; break;
        }
        if (mod == 1) {
            in.disp = (byte) next();
        } else if (mod == 2) {
            in.disp = next16();
        }
        in.seg = seg < 0 ? def : seg;
    }

    /** SDM Vol. 2A tables 2-2 and 2-3: base + index * scale + disp; ESP/EBP bases default to SS. */
    private void modrm32(Insn in, int mod, int rm, int seg) {
        int base = rm;
        if (rm == 4) {
            int sib = next();
            in.scale = sib >>> 6;
            int index = (sib >>> 3) & 7;
            if (index != 4) {
                in.index = index;
            }
            base = sib & 7;
            if (base == 5 && mod == 0) {
                base = Cpu.NO_REG;
                in.disp = next32();
            }
        } else if (rm == 5 && mod == 0) {
            base = Cpu.NO_REG;
            in.disp = next32();
        }
        in.base = base;
        if (mod == 1) {
            in.disp = (byte) next();
        } else if (mod == 2) {
            in.disp = next32();
        }
        in.seg = seg >= 0 ? seg : (base == Cpu.ESP || base == Cpu.EBP) ? SS : DS;
    }
}
