package org.j386.cpu.unicorn;

/**
 * Constants of the Unicorn 2.0.1 C API that the differential test uses, copied from
 * {@code /usr/include/unicorn/unicorn.h} and {@code x86.h} (toolchain.md section 3 lists the same
 * values as printed from the installed headers).
 */
final class Uc {
    private Uc() { }

    // uc_arch / uc_mode
    static final int ARCH_X86 = 4;
    static final int MODE_32 = 1 << 2;

    // uc_prot
    static final int PROT_ALL = 7;

    // uc_err
    static final int ERR_OK = 0;
    static final int ERR_READ_UNMAPPED = 6;
    static final int ERR_WRITE_UNMAPPED = 7;
    static final int ERR_FETCH_UNMAPPED = 8;
    static final int ERR_INSN_INVALID = 10;
    static final int ERR_ARG = 15;
    static final int ERR_EXCEPTION = 21;

    // uc_hook_type
    static final int HOOK_INTR = 1 << 0;
    static final int HOOK_INSN = 1 << 1;
    static final int HOOK_INSN_INVALID = 1 << 14;

    // uc_x86_insn ids for UC_HOOK_INSN
    static final int X86_INS_CPUID = 113;
    static final int X86_INS_IN = 218;
    static final int X86_INS_OUT = 500;

    /**
     * uc_ctl codes: UC_CTL(type, nr, io) = type | nr << 26 | io << 30, where io WRITE = 1.
     * CPU model is type 7 with one argument; TB flush is type 10 with none.
     */
    static final int CTL_WRITE_CPU_MODEL = 0x44000007;
    static final int CTL_WRITE_TB_FLUSH = 0x4000000a;

    // uc_cpu_x86
    static final int CPU_X86_486 = 7;

    // uc_x86_reg
    static final int X86_REG_CS = 11;
    static final int X86_REG_DS = 17;
    static final int X86_REG_EAX = 19;
    static final int X86_REG_EBP = 20;
    static final int X86_REG_EBX = 21;
    static final int X86_REG_ECX = 22;
    static final int X86_REG_EDI = 23;
    static final int X86_REG_EDX = 24;
    static final int X86_REG_EFLAGS = 25;
    static final int X86_REG_EIP = 26;
    static final int X86_REG_ES = 28;
    static final int X86_REG_ESI = 29;
    static final int X86_REG_ESP = 30;
    static final int X86_REG_FS = 32;
    static final int X86_REG_GS = 33;
    static final int X86_REG_SS = 49;
    static final int X86_REG_CR0 = 50;
    static final int X86_REG_IDTR = 242;
    static final int X86_REG_LDTR = 244;
    static final int X86_REG_GDTR = 243;

    /** Unicorn register ids of EAX..EDI in encoding order (j386's register numbers). */
    static final int[] GPR_IDS = {
        X86_REG_EAX, X86_REG_ECX, X86_REG_EDX, X86_REG_EBX,
        X86_REG_ESP, X86_REG_EBP, X86_REG_ESI, X86_REG_EDI,
    };

    /** Unicorn register ids of ES..GS in encoding order (j386's segment numbers). */
    static final int[] SEG_IDS = {
        X86_REG_ES, X86_REG_CS, X86_REG_SS, X86_REG_DS, X86_REG_FS, X86_REG_GS,
    };

    static String errorName(int err) {
        return switch (err) {
            case ERR_OK -> "OK";
            case ERR_READ_UNMAPPED -> "READ_UNMAPPED";
            case ERR_WRITE_UNMAPPED -> "WRITE_UNMAPPED";
            case ERR_FETCH_UNMAPPED -> "FETCH_UNMAPPED";
            case ERR_INSN_INVALID -> "INSN_INVALID";
            case ERR_ARG -> "ARG";
            case ERR_EXCEPTION -> "EXCEPTION";
            default -> "uc_err " + err;
        };
    }
}
