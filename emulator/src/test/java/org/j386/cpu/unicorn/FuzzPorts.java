package org.j386.cpu.unicorn;

import org.j386.devices.IoDevice;

/**
 * The I/O space both machines see: IN returns a value derived from port and size only, OUT is
 * recorded so the two machines' last writes can be compared. On Unicorn this sits behind
 * UC_HOOK_INSN for IN and OUT (toolchain.md 3 pitfall 11), on j386 on every port of the IoBus.
 */
final class FuzzPorts implements IoDevice {
    /** Last OUT seen since {@link #clear()}: port, size, value; port -1 if none. */
    int outPort = -1;
    int outSize;
    int outValue;
    int outCount;

    void clear() {
        outPort = -1;
        outSize = 0;
        outValue = 0;
        outCount = 0;
    }

    /** What IN from {@code port} returns, zero-extended to {@code size} bytes. */
    static int inValue(int port, int size) {
        int h = (port & 0xFFFF) * 0x9E3779B1 + size * 0x85EBCA77;
        h ^= h >>> 15;
        return size == 4 ? h : h & ((1 << (size * 8)) - 1);
    }

    @Override
    public int ioRead(int port, int size) {
        return inValue(port, size);
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        outPort = port & 0xFFFF;
        outSize = size;
        outValue = size == 4 ? value : value & ((1 << (size * 8)) - 1);
        outCount++;
    }
}
