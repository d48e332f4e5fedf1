package org.j386.cpu;

import static org.j386.cpu.Eflags.CF;
import static org.j386.cpu.Eflags.OF;

/**
 * Group 2 rotates and shifts (ROL ROR RCL RCR SHL SHR SAL SAR, numbered as ModRM.reg of C0/C1/D0-D3)
 * and SHLD/SHRD (SDM Vol. 2B). The count is masked to 5 bits first; a masked count of zero changes
 * nothing, not even the flags. Rotates touch only CF and OF. The flags the SDM leaves undefined
 * (OF after a multi-bit count, AF after a shift, CF past the operand width) follow QEMU's
 * arithmetic: OF by the 1-bit formula, AF cleared, CF the last bit out of the extended operand.
 */
final class Shifts {
    static final int ROL = 0, ROR = 1, RCL = 2, RCR = 3, SHL = 4, SHR = 5, SAL = 6, SAR = 7;

    private Shifts() { }

    static void grp2(Cpu c, Insn i, int count) {
        int size = i.size;
        int off = 0;
        int v;
        if (i.mem) {
            off = c.ea(i);
            v = c.readMem(i.seg, off, size);
        } else {
            v = c.getReg(size, i.rm);
        }
        if (count == 0) {
            return;
        }
        int bits = size << 3;
        int sign = Alu.sign(size);
        int mask = Alu.mask(size);
        int r;
        boolean carry;
        boolean over;
        switch (i.sub) {
            case ROL: {
                int n = count & (bits - 1);
                r = n == 0 ? v : ((v << n) | (v >>> (bits - n))) & mask;
                carry = (r & 1) != 0;
                over = ((r & sign) != 0) != carry;
                break;
            }
            case ROR: {
                int n = count & (bits - 1);
                r = n == 0 ? v : ((v >>> n) | (v << (bits - n))) & mask;
                carry = (r & sign) != 0;
                over = carry != ((r & (sign >>> 1)) != 0);
                break;
            }
            case RCL: {
                int n = count % (bits + 1);
                long x = (v & 0xFFFFFFFFL) | (c.cf() ? 1L << bits : 0);
                long all = (1L << (bits + 1)) - 1;
                x = n == 0 ? x : ((x << n) | (x >>> (bits + 1 - n))) & all;
                r = (int) x & mask;
                carry = (x >>> bits & 1) != 0;
                over = ((r & sign) != 0) != carry;
                break;
            }
            case RCR: {
                int n = count % (bits + 1);
                long x = (v & 0xFFFFFFFFL) | (c.cf() ? 1L << bits : 0);
                long all = (1L << (bits + 1)) - 1;
                x = n == 0 ? x : ((x >>> n) | (x << (bits + 1 - n))) & all;
                r = (int) x & mask;
                carry = (x >>> bits & 1) != 0;
                over = ((r & sign) != 0) != ((r & (sign >>> 1)) != 0);
                break;
            }
            case SHL: case SAL: {
                long x = (v & 0xFFFFFFFFL) << count;
                r = (int) x & mask;
                carry = (x >>> bits & 1) != 0;
                over = ((r & sign) != 0) != carry;
                break;
            }
            case SHR: {
                r = v >>> count;
                carry = (v >>> (count - 1) & 1) != 0;
                over = (v & sign) != 0;
                break;
            }
            default: {
                int sv = (v << (32 - bits)) >> (32 - bits);
                r = (sv >> count) & mask;
                carry = (sv >> (count - 1) & 1) != 0;
                over = false;
                break;
            }
        }
        if (i.mem) {
            c.writeMem(i.seg, off, size, r);
        } else {
            c.setRegSized(size, i.rm, r);
        }
        if (i.sub < SHL) {
            c.getEflags();
            c.flags = (c.flags & ~(CF | OF)) | (carry ? CF : 0) | (over ? OF : 0);
        } else {
            c.flagsResult(r, sign, carry, over, false);
        }
    }

    /**
     * SHLD (sub 0) / SHRD (sub 1) Ev,Gv by {@code count}. A 16-bit count above 16 shifts through
     * dst:src:dst, as Intel parts (and QEMU) do.
     */
    static void shxd(Cpu c, Insn i, int count) {
        int size = i.size;
        int off = 0;
        int dst;
        if (i.mem) {
            off = c.ea(i);
            dst = c.readMem(i.seg, off, size);
        } else {
            dst = c.getReg(size, i.rm);
        }
        if (count == 0) {
            return;
        }
        int src = c.getReg(size, i.reg);
        int r;
        boolean carry;
        if (size == 2) {
            long x = ((long) dst << 32) | ((long) src << 16) | dst;
            if (i.sub == 0) {
                r = (int) ((x << count) >>> 32) & 0xFFFF;
                carry = ((x << (count - 1)) >>> 47 & 1) != 0;
            } else {
                r = (int) (x >>> count) & 0xFFFF;
                carry = (x >>> (count - 1) & 1) != 0;
            }
        } else if (i.sub == 0) {
            long x = ((long) dst << 32) | (src & 0xFFFFFFFFL);
            r = (int) ((x << count) >>> 32);
            carry = (x >>> (64 - count) & 1) != 0;
        } else {
            long x = ((long) src << 32) | (dst & 0xFFFFFFFFL);
            r = (int) (x >>> count);
            carry = (x >>> (count - 1) & 1) != 0;
        }
        if (i.mem) {
            c.writeMem(i.seg, off, size, r);
        } else {
            c.setRegSized(size, i.rm, r);
        }
        int sign = Alu.sign(size);
        c.flagsResult(r, sign, carry, ((r ^ dst) & sign) != 0, false);
    }
}
