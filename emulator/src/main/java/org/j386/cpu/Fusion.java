package org.j386.cpu;

/**
 * Compare-and-branch fusion: an instruction of kind {@link Insn#PURE} followed on the same page by
 * a Jcc (70-7F cb, or 0F 80-8F cd in 32-bit code) is cached as one {@link Insn} that runs both,
 * so the common "CMP/TEST/DEC/...; Jcc" pair costs one trip through the run loop. The pair still
 * retires as two instructions. The run loop executes only the first part (the Jcc then runs from
 * its own slot) when the two must be told apart: a budget that ends between them (single-step,
 * gdb's stepi) or a code segment with a limit, where the Jcc could fault on its own.
 */
final class Fusion {
    private Fusion() { }

    private static final int JCC_SHORT = 0x70;
    private static final int TWO_BYTE = 0x0F;
    private static final int JCC_NEAR = 0x80;
    private static final int CC_MASK = 0x0F;
    private static final int SHORT_LENGTH = 2;
    private static final int NEAR_LENGTH = 6;

    /**
     * Fuses {@code in} (just decoded as 32-bit code, whole on its page) with a Jcc at RAM index
     * {@code index} when one is there and ends on the page, whose last byte is RAM index {@code pageEnd - 1}.
     */
    static void tryFuse(Insn in, byte[] ram, int index, int pageEnd) {
        if (in.kind != Insn.PURE || index >= pageEnd) {
            return;
        }
        int b0 = ram[index] & 0xFF;
        int cc;
        int rel;
        int length;
        if ((b0 & ~CC_MASK) == JCC_SHORT && index + SHORT_LENGTH <= pageEnd) {
            cc = b0 & CC_MASK;
            rel = ram[index + 1];
            length = SHORT_LENGTH;
        } else if (b0 == TWO_BYTE && index + NEAR_LENGTH <= pageEnd
                && ((ram[index + 1] & 0xFF) & ~CC_MASK) == JCC_NEAR) {
            cc = ram[index + 1] & CC_MASK;
            rel = (ram[index + 2] & 0xFF) | (ram[index + 3] & 0xFF) << 8 | (ram[index + 4] & 0xFF) << 16
                    | ram[index + 5] << 24;
            length = NEAR_LENGTH;
        } else {
            return;
        }
        in.first = in.handler;
        in.firstLen = in.len;
        in.handler = BRANCHES[cc];
        in.jccImm = rel;
        in.len += length;
        in.kind = Insn.NEAR;
        in.endsBlock = true;
    }

    /** The fused handlers, by condition code: the first part, then the branch (EIP is past the Jcc). */
    private static final Handler[] BRANCHES = new Handler[16];

    static {
        BRANCHES[0] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 0));
            }
        };
        BRANCHES[1] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 1));
            }
        };
        BRANCHES[2] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 2));
            }
        };
        BRANCHES[3] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 3));
            }
        };
        BRANCHES[4] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 4));
            }
        };
        BRANCHES[5] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 5));
            }
        };
        BRANCHES[6] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 6));
            }
        };
        BRANCHES[7] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 7));
            }
        };
        BRANCHES[8] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 8));
            }
        };
        BRANCHES[9] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 9));
            }
        };
        BRANCHES[10] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 10));
            }
        };
        BRANCHES[11] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 11));
            }
        };
        BRANCHES[12] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 12));
            }
        };
        BRANCHES[13] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 13));
            }
        };
        BRANCHES[14] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 14));
            }
        };
        BRANCHES[15] = new Handler() {
            void exec(Cpu c, Insn i) {
                i.first.exec(c, i);
                branch(c, i, Fast.condition(c, 15));
            }
        };
    }

    /**
     * The Jcc part: EIP already points past it; a 4 GiB code segment (the run loop's condition for
     * running a fused pair) needs no limit check.
     */
    private static void branch(Cpu c, Insn i, boolean taken) {
        if (taken) {
            c.eip += i.jccImm;
        }
    }
}
