package org.j386.gdb;

/**
 * A breakpoint or watchpoint as {@code Z}/{@code z} packets name it: a type, a linear address and
 * a length in bytes (the "kind" of a software breakpoint, 1 on x86).
 */
public record Breakpoint(Type type, int address, int length) {
    /** The {@code Z} type numbers 0-4, in order. */
    public enum Type {
        SOFTWARE, HARDWARE, WRITE_WATCH, READ_WATCH, ACCESS_WATCH;

        public boolean isWatchpoint() {
            return this == WRITE_WATCH || this == READ_WATCH || this == ACCESS_WATCH;
        }

        /** The stop-reply key gdb expects for a watchpoint of this type. */
        public String stopKey() {
            return switch (this) {
                case WRITE_WATCH -> "watch";
                case READ_WATCH -> "rwatch";
                case ACCESS_WATCH -> "awatch";
                default -> throw new IllegalStateException("Breakpoint.stopKey: " + this + " is not a watchpoint");
            };
        }
    }

    /** True if the watched bytes {@code [address, address + length)} contain linear {@code lin}. */
    public boolean covers(int lin) {
        return Integer.compareUnsigned(lin - address, length) < 0;
    }
}
