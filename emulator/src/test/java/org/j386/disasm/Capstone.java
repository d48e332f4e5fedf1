package org.j386.disasm;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * capstone 4.0.2 (Debian's libcapstone4, which qemu-system-x86 depends on) through JNA, set up as
 * QEMU 7.2's {@code disas/capstone.c} sets it up: CS_ARCH_X86 in 16- or 32-bit mode, skipped data
 * on (an undecodable byte becomes {@code .byte}), AT&amp;T syntax. Tests only.
 *
 * <p>Loaded by its soname, {@code libcapstone.so.4}: the run-time package has no unversioned link.
 * A missing library is an error with one clear line, not a skip: {@code make deps} installs it.
 */
final class Capstone implements AutoCloseable {
    /** capstone.h: cs_arch, cs_mode, cs_opt_type, cs_opt_value. */
    static final int CS_ARCH_X86 = 3;
    static final int CS_MODE_16 = 1 << 1;
    static final int CS_MODE_32 = 1 << 2;
    static final int CS_OPT_SYNTAX = 1;
    static final int CS_OPT_SKIPDATA = 5;
    static final int CS_OPT_SYNTAX_ATT = 2;
    static final int CS_OPT_ON = 3;
    /** Offsets in cs_insn (capstone 4, LP64): id, address, size, bytes[16], mnemonic[32], op_str[160]. */
    private static final int INSN_SIZE = 16;
    private static final int INSN_MNEMONIC = 34;
    private static final int INSN_OP_STR = 66;
    static final String SONAME = "libcapstone.so.4";

    private static boolean registered;

    /** One decoded instruction as capstone gives it. */
    record Result(int size, String mnemonic, String operands) { }

    static native int cs_open(int arch, int mode, Pointer handleOut);
    static native int cs_option(long handle, int type, long value);
    static native long cs_disasm(long handle, byte[] code, long codeSize, long address, long count, Pointer insnOut);
    static native void cs_free(Pointer insn, long count);
    static native int cs_close(Pointer handleRef);

    private final Memory handle16 = new Memory(Native.POINTER_SIZE);
    private final Memory handle32 = new Memory(Native.POINTER_SIZE);
    private final Memory insnOut = new Memory(Native.POINTER_SIZE);

    /** Opens a 16-bit and a 32-bit handle; throws IllegalStateException if capstone is not there. */
    Capstone() {
        load();
        open(handle16, CS_MODE_16);
        open(handle32, CS_MODE_32);
    }

    private static synchronized void load() {
        if (registered) {
            return;
        }
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(SONAME);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException(SONAME + " cannot be loaded (Debian package libcapstone4; run `make deps`): "
                    + e.getMessage());
        }
        Native.register(Capstone.class, lib);
        registered = true;
    }

    private static void open(Memory handle, int mode) {
        int err = cs_open(CS_ARCH_X86, mode, handle);
        if (err != 0) {
            throw new IllegalStateException("cs_open(X86, " + mode + ") failed: error " + err);
        }
        long h = handle.getLong(0);
        cs_option(h, CS_OPT_SKIPDATA, CS_OPT_ON);
        cs_option(h, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
    }

    /** The first instruction of {@code code} at {@code address}, or null if capstone gives none. */
    Result disassemble(byte[] code, int address, boolean code32) {
        long h = (code32 ? handle32 : handle16).getLong(0);
        long n = cs_disasm(h, code, code.length, address & 0xFFFF_FFFFL, 1, insnOut);
        if (n == 0) {
            return null;
        }
        Pointer insn = insnOut.getPointer(0);
        try {
            return new Result(insn.getShort(INSN_SIZE) & 0xFFFF, insn.getString(INSN_MNEMONIC), insn.getString(INSN_OP_STR));
        } finally {
            cs_free(insn, n);
        }
    }

    @Override
    public void close() {
        cs_close(handle16);
        cs_close(handle32);
    }
}
