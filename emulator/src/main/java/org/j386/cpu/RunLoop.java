package org.j386.cpu;

import static org.j386.cpu.Cpu.CS;
import static org.j386.cpu.Cpu.ESP;
import static org.j386.cpu.Eflags.IF;
import static org.j386.cpu.Eflags.TF;

/**
 * The run loop (moved out of {@link Cpu}, whose state it drives): instructions from
 * {@link CodeCache} in blocks; between blocks it checks {@link Cpu#requestStop}, polls the
 * interrupt controller and single-steps under EFLAGS.TF. A {@link Fault} thrown anywhere in an
 * instruction rolls EIP and ESP back to the instruction's start and is delivered as an exception.
 */
final class RunLoop {
    private RunLoop() { }

    /**
     * Executes up to {@code budget} instructions and returns how many retired. Returns early on
     * HLT, on {@link #requestStop} and on shutdown. A halted CPU wakes when an interrupt is
     * pending with EFLAGS.IF set, else the call returns 0.
     */
    static long run(Cpu c, long budget) {
        long begin = c.instructions;
        long end = begin + budget;
        while (!c.shutdown) {
            if (c.stopRequested) {
                c.stopRequested = false;
                break;
            }
            pollInterrupt(c);
            if (c.halted || c.shutdown || c.instructions >= end) {
                break;
            }
            boolean trap = (c.flags & TF) != 0;
            try {
                if (c.blockObserver != null) {
                    // Looking up the block's page may fault (#PF): roll back to this block, not the last.
                    c.startEip = c.eip;
                    c.startEsp = c.regs[Cpu.ESP];
                    observeBlock(c);
                }
                runBlock(c, trap ? c.instructions + 1 : end);
            } catch (Fault f) {
                int vector = f.vector();
                int error = f.errorCode();
                c.eip = c.startEip;
                c.regs[ESP] = c.startEsp;
                c.instructions++;
                exception(c, vector, error);
                continue;
            }
            if (trap && !c.shutdown) {
                // SDM Vol. 3A 17.3.1.4: single-step is a trap after the instruction.
                c.dr[6] |= 1 << 14;
                c.startEip = c.eip;
                c.startEsp = c.regs[ESP];
                exception(c, Fault.DB, Fault.NO_ERROR_CODE);
            }
        }
        return c.instructions - begin;
    }

    /**
     * Runs instructions of one code page until one ends the block or {@code end} is reached. A near
     * branch to the same page goes on when {@link #run} would do nothing between blocks (no stop,
     * no interrupt to take), so a loop skips the TLB and page look-ups per iteration.
     *
     * <p>Inside a block the architectural EIP, the retired count and the roll-back point
     * ({@link #startEip}, {@link #startEsp}) are kept in locals and written back only where
     * something can read them (see {@link Insn#kind}): before a near transfer (EIP, ESP), before any
     * other instruction that ends a block or is not {@link Insn#PURE} (all of them), when the block
     * ends, and in the fault path, which rolls back to the faulting instruction's EIP.
     */
    private static void runBlock(Cpu c, long end) {
        c.startEip = c.eip;
        c.startEsp = c.regs[ESP];
        int lin = c.segBase[CS] + c.eip;
        int index = c.mmu.fetchIndex(lin);
        if (index < 0) {
            // Not plain RAM (a ROM or MMIO page): decode byte by byte, cache nothing.
            Insn in = c.cache.decodeUncached(lin, c.code32);
            execute(c, in, c.segLimit[CS]);
            return;
        }
        CodeCache.Page page = c.cache.page(index);
        int off = index & CodeCache.PAGE_MASK;
        // The EIP of the instruction at page offset off is off + bias while the block stays on the page.
        int bias = c.eip - off;
        boolean mode = c.code32;
        int modeBit = mode ? 1 : 0;
        // Only an instruction that ends the block can reload CS, so its limit holds for the block.
        int csLimit = c.segLimit[CS];
        Insn[] slots = page.slots;
        long count = c.instructions;
        int kind = Insn.FULL;
        try {
            while (true) {
                Insn in = slots[off];
                if (in == null || in.gen != (page.gen | modeBit)) {
                    // Decoding may fault (#PF on the next page): everything is in the fields first.
                    kind = Insn.FULL;
                    c.eip = off + bias;
                    c.startEip = c.eip;
                    c.startEsp = c.regs[ESP];
                    c.instructions = count;
                    in = c.cache.decode(page, off, c.segBase[CS] + c.eip, mode);
                }
                kind = in.kind;
                int next = off + bias + in.len;
                if (kind != Insn.PURE) {
                    if (in.first != null && (csLimit != -1 || end - count < 2)) {
                        // A fused compare-and-branch that must run as two: the first part now,
                        // the Jcc from its own slot next (see Fusion).
                        kind = Insn.PURE;
                        int firstNext = off + bias + in.firstLen;
                        if (csLimit != -1 && Integer.compareUnsigned(firstNext - 1, csLimit) > 0) {
                            throw c.fault.with(Fault.GP, 0);
                        }
                        in.first.exec(c, in);
                        count++;
                        off += in.firstLen;
                        if (count >= end) {
                            c.eip = off + bias;
                            c.instructions = count;
                            return;
                        }
                        continue;
                    }
                    c.startEsp = c.regs[ESP];
                    c.eip = next;
                    if (kind == Insn.FULL) {
                        c.startEip = off + bias;
                        c.instructions = count;
                        c.curOp32 = in.op32;
                        c.curAddr32 = in.addr32;
                    }
                }
                // SDM Vol. 3A 5.3: with a 4 GiB limit (flat code) no offset is past it.
                if (csLimit != -1 && Integer.compareUnsigned(next - 1, csLimit) > 0) {
                    throw c.fault.with(Fault.GP, 0);
                }
                in.handler.exec(c, in);
                count++;
                if (in.endsBlock) {
                    if (in.first != null) {
                        count++;
                    }
                    c.instructions = count;
                    if (count >= end || kind != Insn.NEAR || c.stopRequested || interruptDue(c) || c.blockObserver != null) {
                        return;
                    }
                    // Same page: the target's page offset is what the old offset was, moved by the jump.
                    int target = c.eip - bias;
                    if (target < 0 || target >= CodeCache.PAGE_SIZE) {
                        return;
                    }
                    off = target;
                } else {
                    off += in.len;
                    if (count >= end || off >= CodeCache.PAGE_SIZE) {
                        c.eip = off + bias;
                        c.instructions = count;
                        return;
                    }
                }
            }
        } catch (Fault f) {
            // Roll back to the faulting instruction, at page offset off; a full instruction set its
            // own roll-back point (a task switch moves it to the new task).
            c.instructions = count;
            if (kind != Insn.FULL) {
                c.startEip = off + bias;
                if (kind == Insn.PURE) {
                    c.startEsp = c.regs[ESP];
                }
            }
            throw f;
        }
    }

    /** Tells the block observer of the block at CS:EIP, and whether its first instruction is cached. */
    private static void observeBlock(Cpu c) {
        int lin = c.segBase[CS] + c.eip;
        int index = c.mmu.fetchIndex(lin);
        boolean cached = false;
        if (index >= 0) {
            CodeCache.Page page = c.cache.page(index);
            Insn in = page.slots[index & CodeCache.PAGE_MASK];
            cached = in != null && in.gen == CodeCache.stamp(page, c.code32);
        }
        c.blockObserver.beforeBlock(c, lin, cached);
    }

    private static void execute(Cpu c, Insn in, int csLimit) {
        int next = c.eip + in.len;
        // SDM Vol. 3A 5.3: with a 4 GiB limit (flat code) no offset is past it.
        if (csLimit != -1 && Integer.compareUnsigned(next - 1, csLimit) > 0) {
            throw c.fault.with(Fault.GP, 0);
        }
        c.eip = next;
        c.curOp32 = in.op32;
        c.curAddr32 = in.addr32;
        Dispatch.execute(c, in);
        c.instructions++;
    }

    /** Whether {@link #pollInterrupt} would deliver an interrupt now. */
    private static boolean interruptDue(Cpu c) {
        return (c.flags & IF) != 0 && c.pic != null && c.instructions != c.inhibitAt && c.pic.interruptPending();
    }

    /** Takes a pending external interrupt if EFLAGS.IF allows and no STI/MOV SS shadow is active. */
    private static void pollInterrupt(Cpu c) {
        if (!interruptDue(c)) {
            return;
        }
        int vector = c.pic.acknowledgeInterrupt();
        c.halted = false;
        c.startEip = c.eip;
        c.startEsp = c.regs[ESP];
        try {
            Interrupts.deliver(c, vector, Fault.NO_ERROR_CODE, false);
        } catch (Fault f) {
            int v = f.vector();
            int e = f.errorCode();
            c.eip = c.startEip;
            c.regs[ESP] = c.startEsp;
            exception(c, v, e);
        }
    }

    /**
     * Delivers exception {@code vector} with EIP and ESP already at the state to report. A fault
     * during delivery is handled serially or becomes #DF by SDM Vol. 3A table 6-5; a fault while
     * delivering #DF shuts the processor down.
     */
    static void exception(Cpu c, int vector, int error) {
        int first = vector;
        int err = error;
        while (true) {
            try {
                Interrupts.deliver(c, first, err, false);
                return;
            } catch (Fault f) {
                int second = f.vector();
                int secondErr = f.errorCode();
                c.eip = c.startEip;
                c.regs[ESP] = c.startEsp;
                if (first == Fault.DF) {
                    c.shutdown = true;
                    c.halted = true;
                    return;
                }
                if (Fault.isDoubleFault(first, second)) {
                    first = Fault.DF;
                    err = 0;
                } else {
                    first = second;
                    err = secondErr;
                }
            }
        }
    }

    /** INT n, INT3, INTO: EIP already points past the instruction. */
    static void softwareInterrupt(Cpu c, int vector) {
        Interrupts.deliver(c, vector, Fault.NO_ERROR_CODE, true);
    }

}
