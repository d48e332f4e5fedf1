package org.j386.machine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StreamSerialBackendTest {
    private static void send(StreamSerialBackend s, String text) {
        for (char c : text.toCharArray()) {
            s.transmit(c);
        }
    }

    @Test
    void newlineFlushesWhenAsked() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamSerialBackend s = new StreamSerialBackend(out, true);
        send(s, "line\npartial");
        assertEquals("line\n", out.toString(StandardCharsets.US_ASCII));
        s.flush();
        assertEquals("line\npartial", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void withoutNewlineFlushingBytesWaitForFlush() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamSerialBackend s = new StreamSerialBackend(out, false);
        send(s, "a\nb");
        assertEquals(0, out.size());
        s.flush();
        assertEquals("a\nb", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void aFailingStreamDropsOutputSilently() {
        StreamSerialBackend s = new StreamSerialBackend(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        }, true);
        send(s, "x\n");
        assertEquals("Broken pipe", s.failure().getMessage());
        send(s, "more\n");
        s.flush();
        assertNotNull(s.failure());
    }
}
