package org.j386.chardev;

import java.util.Locale;

/**
 * A TCP character device as QEMU spells it on {@code -serial}, {@code -monitor} and {@code -gdb}:
 *
 * <pre>
 * tcp:[HOST]:PORT,server[,wait|,nowait]        a listening socket, raw bytes
 * telnet:[HOST]:PORT,server[,wait|,nowait]     the same with telnet negotiation
 *     server, server=on        (required: only server mode exists here)
 *     wait, wait=on            the guest does not start until a client connects (QEMU's default)
 *     nowait, wait=off         it starts at once
 *     nodelay, nodelay=on|off  accepted; Nagle is always off
 * </pre>
 *
 * An empty HOST means 127.0.0.1, not QEMU's all interfaces: a guest console or monitor is not
 * offered to the network unless asked for by address.
 *
 * @param telnet whether telnet negotiation runs on the connection
 * @param waitForClient whether the machine waits for the first client before it starts
 */
public record ChardevSpec(boolean telnet, String host, int port, boolean waitForClient) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int MAX_PORT = 0xFFFF;

    /**
     * Parses a spelling such as {@code tcp::4444,server,nowait}.
     *
     * @throws ChardevException with a one-line reason
     */
    public static ChardevSpec parse(String spec) throws ChardevException {
        String[] parts = spec.split(",", -1);
        String address = parts[0];
        boolean telnet;
        if (address.startsWith("tcp:")) {
            telnet = false;
            address = address.substring(4);
        } else if (address.startsWith("telnet:")) {
            telnet = true;
            address = address.substring(7);
        } else {
            throw error(spec, "only tcp:[HOST]:PORT,server and telnet:[HOST]:PORT,server are supported");
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw error(spec, "expected HOST:PORT (HOST may be empty), got '" + address + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = parsePort(spec, address.substring(colon + 1));
        boolean server = false;
        boolean wait = true;
        for (int i = 1; i < parts.length; i++) {
            String opt = parts[i].toLowerCase(Locale.ROOT);
            switch (opt) {
                case "server", "server=on" -> server = true;
                case "server=off" -> throw error(spec, "client mode (server=off) is not supported");
                case "wait", "wait=on" -> wait = true;
                case "nowait", "wait=off" -> wait = false;
                case "nodelay", "nodelay=on", "nodelay=off" -> { }
                default -> throw error(spec, "unknown option '" + parts[i] + "'");
            }
        }
        if (!server) {
            throw error(spec, "add ',server': only listening sockets are supported");
        }
        return new ChardevSpec(telnet, host.isEmpty() ? DEFAULT_HOST : host, port, wait);
    }

    private static int parsePort(String spec, String text) throws ChardevException {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            throw error(spec, "port '" + text + "' is not a number from 0 to " + MAX_PORT);
        }
        int port = Integer.parseInt(text);
        if (port > MAX_PORT) {
            throw error(spec, "port '" + text + "' is not a number from 0 to " + MAX_PORT);
        }
        return port;
    }

    private static ChardevException error(String spec, String why) {
        return new ChardevException("chardev '" + spec + "': " + why);
    }

    /** QEMU's own spelling of this device, for messages ("waiting for connection on ..."). */
    @Override
    public String toString() {
        return (telnet ? "telnet:" : "tcp:") + host + ":" + port + ",server=on" + (waitForClient ? "" : ",wait=off");
    }
}
