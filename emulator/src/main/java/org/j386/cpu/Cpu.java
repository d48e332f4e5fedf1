package org.j386.cpu;

import org.j386.devices.IoBus;
import org.j386.mmu.Mmu;

/**
 * An 80486 integer unit (SDM Vol. 1 ch. 3, Vol. 3A ch. 2): the architectural state and the run loop.
 *
 * <p>SKELETON — the contract between the files of this package. The run loop, decoder and
 * instruction families are filled in by the core; protected-mode mechanics (segment loads,
 * gates, interrupts, task switches) live in their own files and use only what is declared here.
 */
public final class Cpu {
    // Register numbers follow the encoding (ModRM.reg / opcode low bits).
    public static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
    // Segment register numbers follow the encoding (ModRM.reg of MOV Sreg).
    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    final Mmu mmu;
    final IoBus io;
    InterruptController pic;

    /** General registers, indexed EAX..EDI. */
    final int[] regs = new int[8];
    int eip;

    /**
     * Segment register caches (SDM Vol. 3A 3.4.3), indexed ES..GS: visible selector, base,
     * byte-granular limit, and the descriptor's attribute bits exactly as they sit in its high
     * dword ({@code dword & 0x00F0FF00}: type, S, DPL, P, AVL, D/B, G) — QEMU prints the same.
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

    public Cpu(Mmu mmu, IoBus io) {
        this.mmu = mmu;
        this.io = io;
    }
}
