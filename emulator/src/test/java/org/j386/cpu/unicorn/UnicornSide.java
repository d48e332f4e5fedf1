package org.j386.cpu.unicorn;

import java.util.Arrays;

/**
 * Runs one {@link FuzzCase} on {@link UnicornX86} and reads its {@link Outcome}: count 0 with
 * {@code until} = the next instruction (pitfalls 1 and 2); an exception comes from UC_HOOK_INTR,
 * UC_ERR_INSN_INVALID stands for #UD (pitfall 6); a taken branch stops one past the HLT at its
 * target (pitfall 10), which gives the branch's EIP back. Each case writes the HLT fill of its
 * cell (FuzzLayout) before its instruction.
 */
final class UnicornSide implements AutoCloseable {
    private static final int UD = 6;

    private final FuzzPorts ports = new FuzzPorts();
    private final UnicornX86 uc = new UnicornX86(ports);
    private final byte[] fill = new byte[FuzzLayout.FILL_BEFORE + FuzzLayout.FILL_AFTER];
    private final int[] sys = new int[8];
    /** Cells run since the last flush of translated blocks (see FuzzLayout). */
    private final java.util.BitSet usedCells = new java.util.BitSet();

    UnicornSide() {
        Arrays.fill(fill, FuzzLayout.HLT);
        uc.writeMemory(FuzzLayout.IDT, FuzzLayout.idtImage(), 256 * 8);
    }

    void run(FuzzCase c, byte[] window, Outcome out) {
        out.clear();
        ports.clear();
        int cellStart = FuzzLayout.cellStart(c.at);
        int cell = (cellStart - FuzzLayout.CELLS) / FuzzLayout.CELL_SIZE;
        if (usedCells.get(cell)) {
            uc.flushTranslations();
            usedCells.clear();
        }
        usedCells.set(cell);
        uc.writeMemory(FuzzLayout.WINDOW, window, window.length);
        uc.writeMemory(cellStart - FuzzLayout.FILL_BEFORE, fill, fill.length);
        uc.writeMemory(c.at, c.code, c.code.length);
        uc.writeMemory(FuzzLayout.GDT + FuzzLayout.SEL_CODE16, FuzzLayout.code16Descriptor(c.at), 8);
        if (c.code16) {
            uc.loadSegment(1, FuzzLayout.SEL_CODE16);
        }
        uc.writeState(c.gpr, c.at - c.csBase(), c.eflags);
        int until = c.at + c.code.length;
        int err = uc.run(c.at - c.csBase(), until);
        uc.readState(out.gpr, sys);
        uc.readMemory(FuzzLayout.WINDOW, out.window);
        out.eip = sys[0];
        out.eflags = sys[1];
        boolean canonical = true;
        for (int s = 0; s < 6; s++) {
            out.selectors[s] = sys[2 + s];
            canonical &= sys[2 + s] == FuzzLayout.SEG_SELECTOR[s];
        }
        if (!canonical) {
            uc.loadSegments();
        }
        out.takePorts(ports);
        if (uc.vector >= 0) {
            out.vector = uc.vector;
        } else if (err == Uc.ERR_INSN_INVALID) {
            out.vector = UD;
        } else if (err != Uc.ERR_OK) {
            out.error = "unicorn " + Uc.errorName(err) + " at eip " + FuzzCase.hex32(out.eip);
        } else if (csBase(out.selectors[1], c) + out.eip != until) {
            int target = csBase(out.selectors[1], c) + out.eip - 1;
            if (FuzzLayout.isHltTarget(target, c.at)) {
                out.eip--;
            } else {
                out.error = "unicorn stopped at eip " + FuzzCase.hex32(out.eip) + " (not past a HLT of the fill)";
            }
        }
    }

    /** Base of the code segment {@code selector} names (one of the two the harness sets up). */
    private static int csBase(int selector, FuzzCase c) {
        return selector == FuzzLayout.SEL_CODE16 ? FuzzLayout.code16Base(c.at) : 0;
    }

    @Override
    public void close() {
        uc.close();
    }
}
