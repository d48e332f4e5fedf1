package org.j386.cpu;

import java.util.HashMap;
import java.util.Map;
import org.j386.devices.IoDevice;

/** An I/O device on every port for the tests: reads return a port-derived pattern, writes are recorded. */
final class RecordingPorts implements IoDevice {
    private final Map<Integer, Integer> writes = new HashMap<>();
    int reads;

    /** What a read of {@code port} returns (before truncation to the access size). */
    static int pattern(int port) {
        return (port * 0x01010101) ^ 0x5A3C96E1;
    }

    @Override
    public int ioRead(int port, int size) {
        reads++;
        int v = pattern(port);
        return size == 4 ? v : v & ((1 << (size * 8)) - 1);
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        writes.put(port, value);
    }

    int lastWrite(int port) {
        Integer v = writes.get(port);
        return v == null ? -1 : v;
    }
}
