package org.j386.chardev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChardevSpecTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "tcp::4444,server,nowait            | false | 127.0.0.1 | 4444  | false",
        "tcp::4444,server                   | false | 127.0.0.1 | 4444  | true",
        "tcp::4444,server,wait              | false | 127.0.0.1 | 4444  | true",
        "tcp::4444,server=on,wait=off       | false | 127.0.0.1 | 4444  | false",
        "tcp:127.0.0.1:5555,server,nowait   | false | 127.0.0.1 | 5555  | false",
        "tcp:0.0.0.0:1,nowait,server        | false | 0.0.0.0   | 1     | false",
        "tcp:[::1]:65535,server,nowait      | false | ::1       | 65535 | false",
        "telnet::4445,server                | true  | 127.0.0.1 | 4445  | true",
        "telnet:localhost:0,server,nowait   | true  | localhost | 0     | false",
        "tcp::4444,server,nowait,nodelay    | false | 127.0.0.1 | 4444  | false",
    })
    void parses(String text, boolean telnet, String host, int port, boolean wait) throws ChardevException {
        ChardevSpec s = ChardevSpec.parse(text);
        assertEquals(new ChardevSpec(telnet, host, port, wait), s);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "tcp::4444",                        // no server
        "tcp::4444,server=off",
        "tcp:4444,server",                  // no host:port
        "tcp::,server",
        "tcp::abc,server",
        "tcp::65536,server",
        "tcp::-1,server",
        "tcp::4444,server,frobnicate",
        "udp::4444,server",
        "stdio",
        "",
        "tcp::123456,server",
    })
    void rejectsWithOneLine(String text) {
        ChardevException e = assertThrows(ChardevException.class, () -> ChardevSpec.parse(text));
        assertTrue(e.getMessage().startsWith("chardev '" + text + "': "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"tcp::4444,server,nowait", "telnet:10.0.0.1:23,server"})
    void printsAsQemu(String text) throws ChardevException {
        ChardevSpec s = ChardevSpec.parse(text);
        assertEquals(s, ChardevSpec.parse(s.toString()));
    }
}
