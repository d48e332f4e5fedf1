package org.j386.cpu.unicorn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.j386.cpu.OpcodeTable;

/**
 * Everything the differential leaves out, each with its reason: whole opcode rows Unicorn 2.0.1
 * cannot judge, and the narrower generator restrictions. Nothing else in this package skips a row.
 * "Observed" means tried on this machine's Unicorn 2.0.1 (see UnicornSmokeTest and the report of
 * issue 4); "pitfall n" refers to /work/shared/reference/toolchain.md section 3.
 */
final class Exclusions {
    private Exclusions() { }

    /** Rows left out, keyed by {@link OpcodeTable.Row#form()} or by mnemonic. */
    static final Map<String, String> ROWS = new LinkedHashMap<>();

    /** Generator restrictions inside included rows. */
    static final Map<String, String> RESTRICTIONS = new LinkedHashMap<>();

    static {
        ROWS.put("HLT", "Unicorn ends emulation silently on HLT (pitfall 10) while j386 waits for an"
                + " interrupt: nothing to compare in one step; the machine tests cover it");
        ROWS.put("ESC", "x87: Unicorn 2.0.1 executes ESC opcodes even with CR0.EM=1 (observed: fld1, fadd [mem]"
                + " complete, no #NM); j386 has no FPU");
        ROWS.put("CLTS", "Unicorn 2.0.1 raises #UD for CLTS at CPL 0 (observed: UC_ERR_INSN_INVALID)");
        ROWS.put("LGDT", "replaces the GDT the harness relies on; protected-mode setup is compared against QEMU");
        ROWS.put("LIDT", "replaces the IDT j386 delivers the compared exceptions through");
        ROWS.put("LLDT", "needs LDT descriptors and system-table state Unicorn checks differently; QEMU boot tests");
        ROWS.put("LTR", "needs a TSS descriptor and writes its busy bit; QEMU boot tests");
        ROWS.put("LMSW", "changes CR0 (PE/MP/EM/TS) under the harness; system state, QEMU boot tests");
        ROWS.put("MOV Rd,Cd", "control registers: CR3/CR4 and paging are not modelled by Unicorn 2.0.1"
                + " (pitfall 8); CR0 reads are covered by SMSW");
        ROWS.put("MOV Cd,Rd", "control register writes switch paging and caching, which Unicorn 2.0.1 ignores"
                + " (pitfall 8)");
        ROWS.put("MOV Rd,Dd", "debug register reset values (DR6, DR7) are model-specific");
        ROWS.put("MOV Dd,Rd", "debug register writes arm breakpoints; Unicorn does not deliver #DB (pitfall 6)");

        RESTRICTIONS.put("LOCK", "only on rows the table marks lock: on others Unicorn 2.0.1 executes lock mov"
                + " [m],r without #UD and aborts the whole process (tcg fatal error) on lock cmp [m],r (observed)."
                + " Register forms (#UD) only for ADD OR ADC SBB AND SUB INC DEC NOT NEG CMPXCHG: Unicorn runs"
                + " lock xor r,r, lock xadd r,r, lock xchg r,r and aborts on lock bts/btr/btc r (observed)."
                + " NEG's memory form without LOCK only: Unicorn's lock neg takes SF and PF from the source"
                + " (observed: lock neg byte [m] = 01 gives ff with SF=0, PF=0)");
        RESTRICTIONS.put("register form of CALLF/JMPF Mp, LES, LDS, SGDT, SIDT, INVLPG", "not generated (it is #UD"
                + " on a 486): Unicorn 2.0.1 aborts on ff /3 and ff /5 with mod=3, decodes c4/c5 with mod=3 as a"
                + " VEX prefix (observed: c5 c0 runs off to FETCH_UNMAPPED) and runs later CPUs' 0f 01 register"
                + " forms (observed: 0f 01 ca/cb = CLAC/STAC change AC, 0f 01 f9 = RDTSCP); LEA, BOUND, LSS, LFS"
                + " and LGS get their #UD register form");
        RESTRICTIONS.put("RET/RETF imm16 >= 0x8000", "not generated: Unicorn 2.0.1 sign-extends it (observed:"
                + " 66 c2 a8 e9 with ESP 0x150d gives ESP 0xfffffeb7); the SDM adds it zero-extended");
        RESTRICTIONS.put("INT 6", "not generated: Unicorn 2.0.1 reports cd 06 as vector 6 with EIP on the"
                + " instruction, a #UD fault, where INT n traps with EIP after it (observed)");
        RESTRICTIONS.put("CS override", "not generated: writes through CS must #GP (SDM Vol. 3A 5.5), Unicorn's"
                + " TCG does not check segment types on access");
        RESTRICTIONS.put("register forms of MOV Ev,Sw / SLDT / STR / SMSW", "generated with a 66 prefix only:"
                + " with a 32-bit register the upper half is undefined before the Pentium Pro (SDM MOV, SLDT, SMSW)");
        RESTRICTIONS.put("16-bit SHLD/SHRD", "counts 17..31 not generated: the SDM leaves destination and flags"
                + " undefined when the count exceeds the operand size");
        RESTRICTIONS.put("PUSH Sreg with 32-bit operand size", "the stack dword's upper half is zeroed first:"
                + " the SDM lets a processor write either the zero-extended selector or only its low word");
        RESTRICTIONS.put("CPUID", "EAX, EBX, ECX, EDX not judged: Unicorn's leaf-1 feature words are the same for"
                + " every CPU model (pitfall 9); EIP, flags, memory are");
        RESTRICTIONS.put("RDTSC", "EAX, EDX not judged: Unicorn's TSC follows the host clock (observed)");
        RESTRICTIONS.put("TF, VM, RF", "never set in initial EFLAGS or in values POPF/IRET pop: TF traps and is"
                + " not cleared by Unicorn (pitfall 3), VM would leave protected mode; IRET runs with NT=0");
        RESTRICTIONS.put("REP prefixes", "only on string instructions");
        RESTRICTIONS.put("exception delivery", "compared by vector, faulting/trapping EIP and state only;"
                + " Unicorn never delivers through the IDT and reports no error code (pitfall 6)");
        RESTRICTIONS.put("paging", "off: Unicorn 2.0.1 ignores CR0.PG (pitfall 8)");
    }

    /** Why {@code row} is left out, or null if the differential covers it. */
    static String reason(OpcodeTable.Row row) {
        String r = ROWS.get(row.form());
        return r != null ? r : ROWS.get(row.mnemonic());
    }
}
