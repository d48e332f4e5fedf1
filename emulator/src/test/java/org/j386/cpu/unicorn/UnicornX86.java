package org.j386.cpu.unicorn;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * One Unicorn engine in 32-bit protected mode with the {@link FuzzLayout} memory, reused for every
 * case (opening an engine costs ~0.7 ms, toolchain.md 3, Speed). CPU model 486 (uc_ctl right after
 * uc_open). Exceptions are caught by UC_HOOK_INTR, which records the vector and stops the engine:
 * Unicorn never delivers them through the IDT (pitfall 6). IN and OUT go to {@link FuzzPorts}.
 * No memory hooks: they have corrupted shift flags (pitfall 5).
 */
final class UnicornX86 implements AutoCloseable {
    /** Batch order: EAX..EDI, EIP, EFLAGS, then ES..GS selectors (read only). */
    private static final int N_WRITE = 10;
    private static final int N_READ = 16;

    private final Pointer uc;
    private final Memory regIds = new Memory(4L * N_READ);
    private final Memory regVals = new Memory(8L * N_READ);
    private final Memory regPtrs = new Memory((long) Native.POINTER_SIZE * N_READ);
    private final Memory segVal = new Memory(8);
    private final FuzzPorts ports;
    /** CPU state right after setup, restored after every exception (see {@link #run}). */
    private final Pointer cleanContext;

    // Hard references: JNA frees a callback's native stub once its Java object is collected.
    private final UnicornLib.IntrHook intrHook;
    private final UnicornLib.InHook inHook;
    private final UnicornLib.OutHook outHook;

    /** Vector reported by UC_HOOK_INTR during the last {@link #run}, or -1. */
    int vector = -1;

    UnicornX86(FuzzPorts ports) {
        this.ports = ports;
        UnicornLib.load();
        Memory handle = new Memory(Native.POINTER_SIZE);
        check(UnicornLib.uc_open(Uc.ARCH_X86, Uc.MODE_32, handle), "uc_open");
        uc = handle.getPointer(0);
        check(UnicornLib.uc_ctl(uc, Uc.CTL_WRITE_CPU_MODEL, Uc.CPU_X86_486), "uc_ctl(CPU_MODEL)");

        for (int i = 0; i < N_READ; i++) {
            regPtrs.setPointer((long) i * Native.POINTER_SIZE, regVals.share(8L * i));
        }
        for (int i = 0; i < 8; i++) {
            regIds.setInt(4L * i, Uc.GPR_IDS[i]);
        }
        regIds.setInt(32, Uc.X86_REG_EIP);
        regIds.setInt(36, Uc.X86_REG_EFLAGS);
        for (int s = 0; s < 6; s++) {
            regIds.setInt(40 + 4L * s, Uc.SEG_IDS[s]);
        }

        map(FuzzLayout.LOW, FuzzLayout.LOW_SIZE);
        map(FuzzLayout.TABLES, FuzzLayout.TABLES_SIZE);
        map(FuzzLayout.WINDOW, FuzzLayout.WINDOW_SIZE);
        map(FuzzLayout.CELLS, FuzzLayout.CELLS_SIZE);
        byte[] hlt = new byte[FuzzLayout.LOW_SIZE];
        java.util.Arrays.fill(hlt, FuzzLayout.HLT);
        writeMemory(FuzzLayout.LOW, hlt, FuzzLayout.LOW_SIZE);
        byte[] gdt = FuzzLayout.gdtImage(FuzzLayout.slot(0));
        writeMemory(FuzzLayout.GDT, gdt, gdt.length);
        writeTableRegister(Uc.X86_REG_GDTR, FuzzLayout.GDT, gdt.length - 1);
        writeTableRegister(Uc.X86_REG_IDTR, FuzzLayout.IDT, 256 * 8 - 1);
        writeTableRegister(Uc.X86_REG_LDTR, 0, 0);   // null, as J386Side makes j386's
        loadSegments();
        Memory ctx = new Memory(Native.POINTER_SIZE);
        check(UnicornLib.uc_context_alloc(uc, ctx), "uc_context_alloc");
        cleanContext = ctx.getPointer(0);
        check(UnicornLib.uc_context_save(uc, cleanContext), "uc_context_save");

        intrHook = (engine, intno, user) -> {
            vector = intno;
            UnicornLib.uc_emu_stop(engine);
        };
        inHook = (engine, port, size, user) -> FuzzPorts.inValue(port, size);
        outHook = (engine, port, size, value, user) -> this.ports.ioWrite(port, size, value);
        Memory hh = new Memory(8);
        check(UnicornLib.uc_hook_add(uc, hh, Uc.HOOK_INTR, intrHook), "uc_hook_add(INTR)");
        check(UnicornLib.uc_hook_add(uc, hh, Uc.HOOK_INSN, inHook, Uc.X86_INS_IN), "uc_hook_add(IN)");
        check(UnicornLib.uc_hook_add(uc, hh, Uc.HOOK_INSN, outHook, Uc.X86_INS_OUT), "uc_hook_add(OUT)");
    }

    private void map(int address, int size) {
        check(UnicornLib.uc_mem_map(uc, address, size, Uc.PROT_ALL), "uc_mem_map");
    }

    /** GDTR/IDTR through struct uc_x86_mmr: u16 selector @0, u64 base @8, u32 limit @16, u32 flags @20. */
    private void writeTableRegister(int regId, int base, int limit) {
        Memory mmr = new Memory(24);
        mmr.clear();
        mmr.setLong(8, base & 0xFFFFFFFFL);
        mmr.setInt(16, limit);
        check(UnicornLib.uc_reg_write(uc, regId, mmr), "uc_reg_write(table register)");
    }

    /** Loads the canonical selectors of {@link FuzzLayout#SEG_SELECTOR} (descriptors from the GDT). */
    void loadSegments() {
        for (int s = 0; s < 6; s++) {
            segVal.setLong(0, FuzzLayout.SEG_SELECTOR[s]);
            check(UnicornLib.uc_reg_write(uc, Uc.SEG_IDS[s], segVal), "uc_reg_write(segment " + s + ")");
        }
    }

    /** Loads one segment register from the GDT (Unicorn checks the descriptor, pitfall 7). */
    void loadSegment(int sreg, int selector) {
        segVal.setLong(0, selector);
        check(UnicornLib.uc_reg_write(uc, Uc.SEG_IDS[sreg], segVal), "uc_reg_write(segment " + sreg + ")");
    }

    void writeMemory(int address, byte[] bytes, int length) {
        check(UnicornLib.uc_mem_write(uc, address & 0xFFFFFFFFL, bytes, length), "uc_mem_write");
    }

    void readMemory(int address, byte[] into) {
        check(UnicornLib.uc_mem_read(uc, address & 0xFFFFFFFFL, into, into.length), "uc_mem_read");
    }

    /** Writes EAX..EDI, EIP and EFLAGS in one call. */
    void writeState(int[] gpr, int eip, int eflags) {
        for (int i = 0; i < 8; i++) {
            regVals.setLong(8L * i, gpr[i] & 0xFFFFFFFFL);
        }
        regVals.setLong(64, eip & 0xFFFFFFFFL);
        regVals.setLong(72, eflags & 0xFFFFFFFFL);
        check(UnicornLib.uc_reg_write_batch(uc, regIds, regPtrs, N_WRITE), "uc_reg_write_batch");
    }

    /** Reads EAX..EDI into {@code gpr}, EIP, EFLAGS and the six selectors into {@code sysOut}. */
    void readState(int[] gpr, int[] sysOut) {
        check(UnicornLib.uc_reg_read_batch(uc, regIds, regPtrs, N_READ), "uc_reg_read_batch");
        for (int i = 0; i < 8; i++) {
            gpr[i] = regVals.getInt(8L * i);
        }
        sysOut[0] = regVals.getInt(64);
        sysOut[1] = regVals.getInt(72);
        for (int s = 0; s < 6; s++) {
            sysOut[2 + s] = regVals.getInt(80 + 8L * s) & 0xFFFF;
        }
    }

    /**
     * Runs from EIP {@code begin} (an offset in CS) until the linear address {@code until}, with
     * count 0: the mode free of stale translated code when bytes at the same address change between
     * runs, and the one that runs every REP iteration (pitfalls 1 and 2). Returns the uc_err code.
     * Seen here with a 16-bit CS based at 0xF8000: begin is written to EIP, until is compared with
     * linear addresses, EIP reads back as the offset.
     */
    int run(int begin, int until) {
        vector = -1;
        int err = UnicornLib.uc_emu_start(uc, begin & 0xFFFFFFFFL, until & 0xFFFFFFFFL, 0, 0);
        if (vector >= 0 || err != Uc.ERR_OK) {
            forgetException();
        }
        return err;
    }

    /**
     * Observed here (not in toolchain.md): since Unicorn never delivers an exception, QEMU's
     * "exception in flight" (env->old_exception) is never cleared, so the next contributory fault
     * is reported as #DF (8) and the one after that as a silent shutdown (rc 0, EIP unchanged).
     * Restoring the context saved after setup clears it; the caller rewrites registers anyway.
     */
    private void forgetException() {
        int[] gpr = new int[8];
        int[] sys = new int[8];
        readState(gpr, sys);
        check(UnicornLib.uc_context_restore(uc, cleanContext), "uc_context_restore");
        writeState(gpr, sys[0], sys[1]);
    }

    /** Drops every translated block (0.1 s, the first one 4 s, seen here): before a cell is reused. */
    void flushTranslations() {
        check(UnicornLib.uc_ctl(uc, Uc.CTL_WRITE_TB_FLUSH), "uc_ctl(TB_FLUSH)");
    }

    /** Runs with an instruction count, for the smoke test only. */
    int runCount(int begin, int until, int count) {
        vector = -1;
        return UnicornLib.uc_emu_start(uc, begin & 0xFFFFFFFFL, until & 0xFFFFFFFFL, 0, count);
    }

    private static void check(int err, String what) {
        if (err != Uc.ERR_OK) {
            throw new IllegalStateException(what + " failed: " + Uc.errorName(err) + " (" + UnicornLib.uc_strerror(err) + ")");
        }
    }

    @Override
    public void close() {
        UnicornLib.uc_close(uc);
    }
}
