package org.j386.cpu;

import static org.j386.cpu.Eflags.ARITH;
import static org.j386.cpu.Eflags.CF;
import static org.j386.cpu.Eflags.FIXED_1;

import org.j386.devices.IoBus;
import org.j386.mmu.Mmu;

/**
 * An 80486 integer unit (SDM Vol. 1 ch. 3, Vol. 3A ch. 2): the architectural state, the run loop
 * and the operand accessors every instruction family uses.
 *
 * <p>The run loop ({@link RunLoop}) executes decoded instructions from {@link CodeCache} (decoded once per physical
 * page) in blocks: a block ends at an instruction the opcode table marks "end", at a page end or
 * when the budget runs out. Between blocks it checks {@link #requestStop}, polls the interrupt
 * controller and single-steps under EFLAGS.TF. A {@link Fault} thrown anywhere in an
 * instruction rolls EIP and ESP back to the instruction's start and is delivered, escalating to
 * #DF and to shutdown by SDM Vol. 3A table 6-5.
 *
 * <p>Protected-mode mechanics (segment loads and checks, gates, far transfers, task switches,
 * I/O permission) belong to {@code Segmentation}, {@code Interrupts}, {@code TaskSwitch},
 * {@code SystemInstructions} and {@code IoPermission}; this class only calls them.
 */
public final class Cpu {
    // Register numbers follow the encoding (ModRM.reg / opcode low bits).
    public static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
    // Segment register numbers follow the encoding (ModRM.reg of MOV Sreg).
    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    /** Descriptor attribute bit D/B (default operand size, stack size), as kept in {@link #segFlags}. */
    static final int SEG_DB = 1 << 22;
    /** EDX after RESET: family 4, model 8 (an 80486DX4 signature, as QEMU's 486 reports). */
    public static final int RESET_EDX = 0x00000480;

    final Mmu mmu;
    final IoBus io;
    InterruptController pic;

    /** An absent base or index: {@code regs[NO_REG]} stays 0, so {@link #ea} need not branch. */
    static final int NO_REG = 8;
    /** General registers, indexed EAX..EDI, then the zero of {@link #NO_REG}. */
    final int[] regs = new int[NO_REG + 1];
    int eip;

    /**
     * Segment register caches (SDM Vol. 3A 3.4.3), indexed ES..GS: visible selector, base,
     * byte-granular limit, and the descriptor's attribute bits exactly as they sit in its high
     * dword ({@code dword & 0x00FFFF00}: type, S, DPL, P, limit 19:16, AVL, D/B, G) — QEMU prints the same.
     */
    final int[] segSel = new int[6];
    final int[] segBase = new int[6];
    final int[] segLimit = new int[6];
    final int[] segFlags = new int[6];

    int cr0;
    int cr4;
    int gdtrBase, gdtrLimit, idtrBase, idtrLimit;
    /** LDTR and TR: selector plus cached base/limit/flags, as the segment registers. */
    int ldtrSel, ldtrBase, ldtrLimit, ldtrFlags;
    int trSel, trBase, trLimit, trFlags;
    final int[] dr = new int[8];
    int cpl;

    // ---- EFLAGS: materialized bits plus the lazily computed status flags (see LazyFlags).
    /** EFLAGS except the status bits named in {@link #lazy}. */
    int flags = FIXED_1;
    /** Status flags still to be computed from the lz* fields. */
    int lazy;
    int lzKind;
    int lzDst;
    int lzSrc;
    int lzRes;
    /** The sign bit of the last result's width: 0x80, 0x8000 or 0x80000000. */
    int lzSign;

    // ---- the current instruction
    /** Default operand and address size of the code segment: CS.D. */
    boolean code32;
    /** Operand and address size of the instruction executing, for the system files. */
    boolean curOp32;
    boolean curAddr32;
    /** EIP and ESP at the start of the current instruction: where a fault rolls back to. */
    int startEip;
    int startEsp;

    // ---- run state
    boolean halted;
    boolean shutdown;
    volatile boolean stopRequested;
    /** Retired instructions: the virtual clock. */
    long instructions;
    /** Interrupts are not taken while {@link #instructions} equals this (after STI, MOV SS, POP SS). */
    long inhibitAt = -1;

    final Fault fault = new Fault();
    final CodeCache cache;
    /** Told of each delivery ({@code -d int}); null for none. */
    InterruptObserver interruptObserver;
    /** Told of each block before it runs ({@code -d in_asm,exec}); null for none. */
    BlockObserver blockObserver;
    /** POPA's eight values, read before any register changes. */
    final int[] popaScratch = new int[8];

    public Cpu(Mmu mmu, IoBus io) {
        this.mmu = mmu;
        this.io = io;
        this.cache = new CodeCache(this, mmu);
        reset();
    }

    public void setInterruptController(InterruptController pic) {
        this.pic = pic;
    }

    /** Tells {@code observer} of every interrupt and exception delivery attempt (null: nobody). */
    public void setInterruptObserver(InterruptObserver observer) {
        this.interruptObserver = observer;
    }

    /** Tells {@code observer} of every block before it runs (null: nobody); see {@link BlockObserver}. */
    public void setBlockObserver(BlockObserver observer) {
        this.blockObserver = observer;
    }

    /** RESET (SDM Vol. 3A 9.1.1, table 9-1). */
    public void reset() {
        java.util.Arrays.fill(regs, 0);
        regs[EDX] = RESET_EDX;
        eip = 0xFFF0;
        flags = FIXED_1;
        lazy = 0;
        for (int s = ES; s <= GS; s++) {
            loadSegmentCache(s, 0, 0, 0xFFFF, 0x00009300);
        }
        loadSegmentCache(CS, 0xF000, 0xFFFF0000, 0xFFFF, 0x00009B00);
        gdtrBase = 0;
        gdtrLimit = 0xFFFF;
        idtrBase = 0;
        idtrLimit = 0x3FF;
        ldtrSel = ldtrBase = trSel = trBase = 0;
        ldtrLimit = trLimit = 0xFFFF;
        ldtrFlags = 0x00008200;
        trFlags = 0x00008B00;
        java.util.Arrays.fill(dr, 0);
        dr[6] = 0xFFFF0FF0;
        dr[7] = 0x00000400;
        cr4 = 0;
        mmu.setExtensions(false, false);
        cr0 = Cr0.RESET;
        mmu.setPaging(false, false);
        mmu.setCr3(0);
        mmu.setCr2(0);
        setCpl(0);
        halted = false;
        shutdown = false;
        inhibitAt = -1;
    }

    // ================================================================ public accessors

    public int reg(int r) {
        return regs[r];
    }

    public void setReg(int r, int value) {
        regs[r] = value;
    }

    public int eip() {
        return eip;
    }

    public void setEip(int value) {
        eip = value;
    }

    /** The full EFLAGS, status flags computed. */
    public int eflags() {
        return getEflags();
    }

    public void setEflags(int value) {
        flags = (value & Eflags.IMPLEMENTED) | FIXED_1;
        lazy = 0;
    }

    int getEflags() {
        if (lazy != 0) {
            flags = (flags & ~lazy) | LazyFlags.compute(this, lazy);
            lazy = 0;
        }
        return flags;
    }

    public int segSelector(int sreg) {
        return segSel[sreg];
    }

    public int segBase(int sreg) {
        return segBase[sreg];
    }

    public int segLimit(int sreg) {
        return segLimit[sreg];
    }

    public int segFlags(int sreg) {
        return segFlags[sreg];
    }

    /** Loads a segment register's cache as is, without checks; CS also sets the default sizes (D bit). */
    public void loadSegmentCache(int sreg, int selector, int base, int limit, int flags) {
        segSel[sreg] = selector & 0xFFFF;
        segBase[sreg] = base;
        segLimit[sreg] = limit;
        segFlags[sreg] = flags;
        if (sreg == CS) {
            code32 = (flags & SEG_DB) != 0;
        }
    }

    /** CR0, CR2, CR3 or CR4. */
    public int cr(int n) {
        switch (n) {
            case 0: return cr0;
            case 2: return mmu.cr2();
            case 3: return mmu.cr3();
            case 4: return cr4;
            default: throw new IllegalArgumentException("Cpu.cr: no CR" + n);
        }
    }

    /** Writes a control register with its MMU side effects; the caller has checked the value. */
    public void setCr(int n, int value) {
        switch (n) {
            case 0 -> {
                cr0 = (value & Cr0.IMPLEMENTED) | Cr0.ET;
                mmu.setPaging((cr0 & Cr0.PG) != 0, (cr0 & Cr0.WP) != 0);
            }
            case 2 -> mmu.setCr2(value);
            case 3 -> mmu.setCr3(value);
            case 4 -> {
                cr4 = value & Cr4.IMPLEMENTED;
                mmu.setExtensions((cr4 & Cr4.PSE) != 0, (cr4 & Cr4.PGE) != 0);
            }
            default -> throw new IllegalArgumentException("Cpu.setCr: no CR" + n);
        }
    }

    public void setGdtr(int base, int limit) {
        gdtrBase = base;
        gdtrLimit = limit & 0xFFFF;
    }

    public void setIdtr(int base, int limit) {
        idtrBase = base;
        idtrLimit = limit & 0xFFFF;
    }

    public int gdtrBase() {
        return gdtrBase;
    }

    public int gdtrLimit() {
        return gdtrLimit;
    }

    public int idtrBase() {
        return idtrBase;
    }

    public int idtrLimit() {
        return idtrLimit;
    }

    public int cpl() {
        return cpl;
    }

    public int ldtrSelector() {
        return ldtrSel;
    }

    public int ldtrBase() {
        return ldtrBase;
    }

    public int ldtrLimit() {
        return ldtrLimit;
    }

    public int ldtrFlags() {
        return ldtrFlags;
    }

    public int trSelector() {
        return trSel;
    }

    public int trBase() {
        return trBase;
    }

    public int trLimit() {
        return trLimit;
    }

    public int trFlags() {
        return trFlags;
    }

    /** Interrupts are held off until after the next instruction (STI, MOV SS, POP SS). */
    public boolean interruptShadow() {
        return instructions == inhibitAt;
    }

    public int dr(int n) {
        return dr[n];
    }

    public boolean halted() {
        return halted;
    }

    /** Makes {@link #run} return at the next block boundary; callable from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Withdraws a {@link #requestStop} that nobody acted on (a debugger took its stop another way). */
    public void clearStopRequest() {
        stopRequested = false;
    }

    /** A triple fault was seen: the processor shut down (SDM Vol. 3A 6.15, interrupt 8). */
    public boolean shutdown() {
        return shutdown;
    }

    /** Retired instructions (delivered exceptions count as one): the virtual clock. */
    public long instructions() {
        return instructions;
    }

    public Mmu mmu() {
        return mmu;
    }

    public IoBus io() {
        return io;
    }

    // ================================================================ helpers for the system files

    void setCpl(int c) {
        cpl = c;
        mmu.setUser(c == 3);
    }

    boolean protectedMode() {
        return (cr0 & Cr0.PE) != 0;
    }

    boolean v86() {
        return (flags & Eflags.VM) != 0;
    }

    boolean opSize32() {
        return curOp32;
    }

    boolean addrSize32() {
        return curAddr32;
    }

    int linear(int sreg, int offset) {
        return segBase[sreg] + offset;
    }

    int iopl() {
        return (flags & Eflags.IOPL) >>> Eflags.IOPL_SHIFT;
    }

    boolean stack32() {
        return (segFlags[SS] & SEG_DB) != 0;
    }

    void halt() {
        halted = true;
    }

    // ================================================================ run loop (RunLoop)

    /**
     * Executes up to {@code budget} instructions and returns how many retired. Returns early on
     * HLT, on {@link #requestStop} and on shutdown. A halted CPU wakes when an interrupt is
     * pending with EFLAGS.IF set, else the call returns 0.
     */
    public long run(long budget) {
        return RunLoop.run(this, budget);
    }

    /** Delivers exception {@code vector} with EIP and ESP at the state to report (see {@link RunLoop#exception}). */
    void exception(int vector, int error) {
        RunLoop.exception(this, vector, error);
    }

    /** INT n, INT3, INTO: EIP already points past the instruction. */
    void softwareInterrupt(int vector) {
        RunLoop.softwareInterrupt(this, vector);
    }

    // ================================================================ operands

    /** The effective address (offset in its segment) of a memory operand, wrapped to the address size. */
    int ea(Insn i) {
        int a = i.disp + regs[i.base] + (regs[i.index] << i.scale);
        return i.addr32 ? a : a & 0xFFFF;
    }

    int read8(int seg, int off) {
        Segmentation.checkRead(this, seg, off, 1);
        return mmu.read8(segBase[seg] + off);
    }

    int read16(int seg, int off) {
        Segmentation.checkRead(this, seg, off, 2);
        return mmu.read16(segBase[seg] + off);
    }

    int read32(int seg, int off) {
        Segmentation.checkRead(this, seg, off, 4);
        return mmu.read32(segBase[seg] + off);
    }

    void write8(int seg, int off, int v) {
        Segmentation.checkWrite(this, seg, off, 1);
        mmu.write8(segBase[seg] + off, v);
    }

    void write16(int seg, int off, int v) {
        Segmentation.checkWrite(this, seg, off, 2);
        mmu.write16(segBase[seg] + off, v);
    }

    void write32(int seg, int off, int v) {
        Segmentation.checkWrite(this, seg, off, 4);
        mmu.write32(segBase[seg] + off, v);
    }

    /** Reads {@code size} (1, 2 or 4) bytes, zero-extended. */
    int readMem(int seg, int off, int size) {
        if (size == 4) {
            return read32(seg, off);
        }
        return size == 2 ? read16(seg, off) : read8(seg, off);
    }

    void writeMem(int seg, int off, int size, int v) {
        if (size == 4) {
            write32(seg, off, v);
        } else if (size == 2) {
            write16(seg, off, v);
        } else {
            write8(seg, off, v);
        }
    }

    /** A general register of {@code size} bytes (AL..BH for bytes), zero-extended. */
    int getReg(int size, int r) {
        if (size == 4) {
            return regs[r];
        }
        if (size == 2) {
            return regs[r] & 0xFFFF;
        }
        return r < 4 ? regs[r] & 0xFF : (regs[r - 4] >>> 8) & 0xFF;
    }

    void setRegSized(int size, int r, int v) {
        if (size == 4) {
            regs[r] = v;
        } else if (size == 2) {
            regs[r] = (regs[r] & 0xFFFF0000) | (v & 0xFFFF);
        } else if (r < 4) {
            regs[r] = (regs[r] & 0xFFFFFF00) | (v & 0xFF);
        } else {
            regs[r - 4] = (regs[r - 4] & 0xFFFF00FF) | ((v & 0xFF) << 8);
        }
    }

    /** The E operand (register or memory) of {@code size} bytes. */
    int readE(Insn i, int size) {
        return i.mem ? readMem(i.seg, ea(i), size) : getReg(size, i.rm);
    }

    void writeE(Insn i, int size, int v) {
        if (i.mem) {
            writeMem(i.seg, ea(i), size, v);
        } else {
            setRegSized(size, i.rm, v);
        }
    }

    // ================================================================ stack

    void push16(int v) {
        int sp = regs[ESP] - 2;
        if (stack32()) {
            write16(SS, sp, v);
            regs[ESP] = sp;
        } else {
            write16(SS, sp & 0xFFFF, v);
            regs[ESP] = (regs[ESP] & 0xFFFF0000) | (sp & 0xFFFF);
        }
    }

    void push32(int v) {
        int sp = regs[ESP] - 4;
        if (stack32()) {
            write32(SS, sp, v);
            regs[ESP] = sp;
        } else {
            write32(SS, sp & 0xFFFF, v);
            regs[ESP] = (regs[ESP] & 0xFFFF0000) | (sp & 0xFFFF);
        }
    }

    int pop16() {
        int v = read16(SS, stackTop());
        addSp(2);
        return v;
    }

    int pop32() {
        int v = read32(SS, stackTop());
        addSp(4);
        return v;
    }

    void push(boolean op32, int v) {
        if (op32) {
            push32(v);
        } else {
            push16(v);
        }
    }

    int pop(boolean op32) {
        return op32 ? pop32() : pop16();
    }

    /** SS:ESP or SS:SP by SS.B. */
    int stackTop() {
        return stack32() ? regs[ESP] : regs[ESP] & 0xFFFF;
    }

    /** The stack offset {@code delta} bytes from the top, wrapped to the stack size. */
    int stackOffset(int delta) {
        int sp = regs[ESP] + delta;
        return stack32() ? sp : sp & 0xFFFF;
    }

    void addSp(int delta) {
        if (stack32()) {
            regs[ESP] += delta;
        } else {
            regs[ESP] = (regs[ESP] & 0xFFFF0000) | ((regs[ESP] + delta) & 0xFFFF);
        }
    }

    /** Checks that a store of {@code size} bytes at seg:off would succeed, without storing. */
    void probeWriteMem(int seg, int off, int size) {
        Segmentation.checkWrite(this, seg, off, size);
        mmu.probeWrite(segBase[seg] + off, size);
    }

    /** Checks that {@code bytes} below the stack top may be written, so a multi-push faults before any store. */
    void probePush(int bytes) {
        int lowest = stackOffset(-bytes);
        Segmentation.checkWrite(this, SS, lowest, bytes);
        mmu.probeWrite(segBase[SS] + lowest, bytes);
    }

    // ================================================================ flags

    boolean cf() {
        if ((lazy & CF) == 0) {
            return (flags & CF) != 0;
        }
        // The carry out of the recorded operation (ADD/ADC, or SUB/SBB/CMP as a borrow) from its
        // operands and result, which also covers a carry in. Small enough to inline into INC/DEC,
        // ADC, SBB and Jcc.
        int d = lzDst;
        int s = lzSrc;
        int r = lzRes;
        int chain = lzKind == LazyFlags.ADD ? (d & s) | ((d | s) & ~r) : (~d & s) | ((~d | s) & r);
        return (chain & lzSign) != 0;
    }

    boolean zf() {
        return (lazy & Eflags.ZF) != 0 ? ((lzRes & ((lzSign << 1) - 1)) == 0) : (flags & Eflags.ZF) != 0;
    }

    boolean sf() {
        return (lazy & Eflags.SF) != 0 ? (lzRes & lzSign) != 0 : (flags & Eflags.SF) != 0;
    }

    boolean of() {
        return (lazy & Eflags.OF) != 0 ? LazyFlags.overflow(this) : (flags & Eflags.OF) != 0;
    }

    boolean pf() {
        return (lazy & Eflags.PF) != 0 ? LazyFlags.parity(lzRes) : (flags & Eflags.PF) != 0;
    }

    boolean af() {
        return (lazy & Eflags.AF) != 0 ? ((lzDst ^ lzSrc ^ lzRes) & 0x10) != 0 : (flags & Eflags.AF) != 0;
    }

    /** Condition {@code cc} of Jcc/SETcc (SDM Vol. 1 B.1): pairs of a test and its negation. */
    boolean condition(int cc) {
        boolean r;
        switch (cc >> 1) {
            case 0: r = of(); break;
            case 1: r = cf(); break;
            case 2: r = zf(); break;
            case 3: r = cf() || zf(); break;
            case 4: r = sf(); break;
            case 5: r = pf(); break;
            case 6: r = sf() != of(); break;
            default: r = zf() || sf() != of(); break;
        }
        return r != ((cc & 1) != 0);
    }

    /** Status flags of ADD/ADC (and INC when {@code keep} excludes CF). */
    void flagsAdd(int dst, int src, int res, int sign) {
        lzKind = LazyFlags.ADD;
        lzDst = dst;
        lzSrc = src;
        lzRes = res;
        lzSign = sign;
        lazy = ARITH;
    }

    void flagsSub(int dst, int src, int res, int sign) {
        lzKind = LazyFlags.SUB;
        lzDst = dst;
        lzSrc = src;
        lzRes = res;
        lzSign = sign;
        lazy = ARITH;
    }

    /** A 32-bit SUB or CMP without borrow: as {@link #flagsSub}, marked so Jcc can compare the operands. */
    void flagsCmp32(int dst, int src, int res) {
        lzKind = LazyFlags.SUB_PLAIN;
        lzDst = dst;
        lzSrc = src;
        lzRes = res;
        lzSign = 0x80000000;
        lazy = ARITH;
    }

    /** Whether the status flags are still those of a {@link #flagsCmp32} subtraction. */
    boolean flagsOfCmp32() {
        return lazy == ARITH && lzKind == LazyFlags.SUB_PLAIN;
    }

    /** INC/DEC: as ADD/SUB of 1 but CF keeps its value. */
    void flagsIncDec(boolean inc, int dst, int res, int sign) {
        boolean carry = cf();
        flags = (flags & ~CF) | (carry ? CF : 0);
        lzKind = inc ? LazyFlags.ADD : LazyFlags.SUB;
        lzDst = dst;
        lzSrc = 1;
        lzRes = res;
        lzSign = sign;
        lazy = ARITH & ~CF;
    }

    /** AND/OR/XOR/TEST: CF = OF = 0, AF = 0 (undefined), SF/ZF/PF from the result. */
    void flagsLogic(int res, int sign) {
        flags &= ~(CF | Eflags.OF | Eflags.AF);
        lzRes = res;
        lzSign = sign;
        lazy = Eflags.SF | Eflags.ZF | Eflags.PF;
    }

    /** Sets SF/ZF/PF from {@code res} and the given CF, OF and AF. */
    void flagsResult(int res, int sign, boolean carry, boolean overflow, boolean aux) {
        flags = (flags & ~(CF | Eflags.OF | Eflags.AF))
                | (carry ? CF : 0) | (overflow ? Eflags.OF : 0) | (aux ? Eflags.AF : 0);
        lzRes = res;
        lzSign = sign;
        lazy = Eflags.SF | Eflags.ZF | Eflags.PF;
    }

    /** Sets or clears one materialized flag (after materializing the others). */
    void setFlag(int flag, boolean on) {
        getEflags();
        flags = on ? flags | flag : flags & ~flag;
    }
}
