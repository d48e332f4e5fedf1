package org.j386.machine;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntFunction;

import org.j386.cpu.BlockObserver;
import org.j386.cpu.Cpu;
import org.j386.disasm.CodeReader;
import org.j386.disasm.Disassembler;
import org.j386.disasm.Instruction;
import org.j386.disasm.QemuListing;
import org.j386.mmu.PhysicalMemory;

/**
 * QEMU 7.2's {@code -d in_asm} and {@code -d exec}, told of each block by the processor
 * ({@link BlockObserver}).
 *
 * <p>in_asm, when a block is decoded (its first instruction not yet in the code cache), as QEMU
 * logs a translation ({@code translator_loop}, {@code i386_tr_disas_log}):
 * <pre>
 * ----------------
 * IN: SYMBOL
 * 0x0010000c:  fa                       cli
 * ...
 * (a blank line)
 * </pre>
 * with the block's instructions in QEMU's layout ({@link QemuListing}), up to and including the one
 * that ends it (the opcode table's "end", a REP string instruction, an invalid one) or the last
 * that starts on its page: the block j386's run loop executes. Code outside RAM (a {@code -bios}
 * ROM) is never cached; as it cannot change, each of its blocks is listed once.
 *
 * <p>exec, for every block run ({@code cpu_tb_exec}, {@code log_cpu_exec}):
 * {@code Trace 0: HOST [CS_BASE/PC/FLAGS/CFLAGS] SYMBOL}, where PC is the linear address, FLAGS
 * QEMU's TB flags ({@link TbFlags}) and CFLAGS QEMU's compile flags for a CPU in no cluster with no
 * limits ({@value #CFLAGS_HEX}: the cluster index -1 in bits 31:24; j386's blocks carry no other
 * compile flag). HOST is QEMU's host address of the translated code, which j386 does not have: j386
 * prints there, in the same {@code %p} form, the physical address of the block's first instruction,
 * where the code cache keeps its decoded form. QEMU's "Linking TBs" and "Stopped execution of TB
 * chain" lines do not appear: while this log listens, j386 chains no blocks, so every block is one
 * entered from the top and gets its Trace line.
 *
 * <p>Guest memory is read through {@code Mmu.debugTranslate}: no accessed or dirty bits, no faults.
 * A block whose first byte is not mapped is not logged (its fetch faults before it runs).
 */
final class BlockLog implements BlockObserver {
    /** QEMU's CF_CLUSTER_MASK holding cluster index -1: what its cflags show for a lone CPU. */
    static final int CFLAGS = 0xFF00_0000;
    static final String CFLAGS_HEX = "ff000000";
    static final String SEPARATOR = "----------------\n";
    private static final byte[] TRACE = "Trace 0: ".getBytes(StandardCharsets.US_ASCII);
    /** glibc's %p of a null pointer; any other value prints as 0x and lower-case hex. */
    private static final byte[] NIL = "(nil)".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int LINE_SIZE = 128;

    private final PrintStream out;
    private final boolean inAsm;
    private final boolean exec;
    private IntFunction<String> symbols = address -> "";
    /** Blocks outside RAM already listed, keyed linear address and code size. */
    private final Set<Long> listedOutsideRam = new HashSet<>();
    /** The Trace line being assembled. */
    private byte[] line = new byte[LINE_SIZE];

    BlockLog(PrintStream out, boolean inAsm, boolean exec) {
        this.out = out;
        this.inAsm = inAsm;
        this.exec = exec;
    }

    /** Names the function an address lies in (QEMU's lookup_symbol); "" for none. */
    void setSymbols(IntFunction<String> symbols) {
        this.symbols = symbols;
    }

    @Override
    public void beforeBlock(Cpu cpu, int linear, boolean cached) {
        long pa = cpu.mmu().debugTranslate(linear);
        if (pa < 0) {
            return;
        }
        boolean code32 = (cpu.segFlags(Cpu.CS) & TbFlags.DESC_B) != 0;
        PhysicalMemory memory = cpu.mmu().memory();
        if (inAsm && !cached && firstListing(memory, (int) pa, linear, code32)) {
            list(cpu, linear, code32);
        }
        if (exec) {
            trace(pa, cpu.segBase(Cpu.CS), linear, TbFlags.of(cpu), symbols.apply(linear));
        }
    }

    /**
     * {@code Trace 0: %p [%08x/%08x/%08x/%08x] %s}, assembled in a reused buffer: this line is
     * written for every block run, tens of millions in a boot, so no formatter is used.
     */
    private void trace(long pa, int csBase, int pc, int flags, String symbol) {
        byte[] b = line;
        int n = put(b, 0, TRACE);
        if (pa == 0) {
            n = put(b, n, NIL);
        } else {
            b[n++] = '0';
            b[n++] = 'x';
            int digits = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(pa) + 3) / 4);
            for (int i = digits - 1; i >= 0; i--) {
                b[n++] = HEX[(int) (pa >>> (4 * i)) & 0xF];
            }
        }
        b[n++] = ' ';
        b[n++] = '[';
        n = hex8(b, n, csBase);
        b[n++] = '/';
        n = hex8(b, n, pc);
        b[n++] = '/';
        n = hex8(b, n, flags);
        b[n++] = '/';
        n = hex8(b, n, CFLAGS);
        b[n++] = ']';
        b[n++] = ' ';
        if (n + symbol.length() + 1 > b.length) {
            line = b = java.util.Arrays.copyOf(b, n + symbol.length() + 1);
        }
        for (int i = 0; i < symbol.length(); i++) {
            b[n++] = (byte) symbol.charAt(i);
        }
        b[n++] = '\n';
        out.write(b, 0, n);
    }

    private static int put(byte[] b, int n, byte[] text) {
        System.arraycopy(text, 0, b, n, text.length);
        return n + text.length;
    }

    private static int hex8(byte[] b, int n, int v) {
        for (int shift = Integer.SIZE - 4; shift >= 0; shift -= 4) {
            b[n++] = HEX[(v >>> shift) & 0xF];
        }
        return n;
    }

    private boolean firstListing(PhysicalMemory memory, int pa, int linear, boolean code32) {
        if (memory.ramIndex(pa & ~PhysicalMemory.PAGE_MASK) >= 0) {
            return true;
        }
        return listedOutsideRam.add((long) linear << 1 | (code32 ? 1 : 0));
    }

    private void list(Cpu cpu, int linear, boolean code32) {
        CodeReader code = lin -> {
            long pa = cpu.mmu().debugTranslate(lin);
            return pa < 0 ? -1 : cpu.mmu().memory().read8((int) pa);
        };
        // A block outside RAM is one instruction: the run loop decodes such code byte by byte.
        boolean outsideRam = cpu.mmu().memory().ramIndex((int) cpu.mmu().debugTranslate(linear)
                & ~PhysicalMemory.PAGE_MASK) < 0;
        StringBuilder s = new StringBuilder(SEPARATOR).append("IN: ").append(symbols.apply(linear)).append('\n');
        int offset = linear & PhysicalMemory.PAGE_MASK;
        int at = linear;
        while (true) {
            Instruction in = Disassembler.decode(code, at, code32);
            if (in == null) {
                break;
            }
            s.append(QemuListing.format(in));
            offset += in.length();
            at += in.length();
            if (in.endsBlock() || outsideRam || offset >= PhysicalMemory.PAGE_SIZE) {
                break;
            }
        }
        out.print(s.append('\n'));
    }

}
