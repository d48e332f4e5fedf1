package org.j386.cpu.unicorn;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every difference the differential has found, kept as a text vector ({@code differences.txt},
 * one case per line, STYLE.md 5) and rerun on Unicorn and j386: a failing line is a j386 bug
 * still open, a passing one guards its fix.
 */
class KnownDifferencesTest {
    private static Differential diff;

    @BeforeAll
    static void open() {
        UnicornAvailable.assume();
        diff = new Differential();
    }

    @AfterAll
    static void close() {
        if (diff != null) {
            diff.close();
        }
    }

    static List<Arguments> vectors() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = KnownDifferencesTest.class.getResourceAsStream("differences.txt")) {
            if (in == null) {
                throw new IllegalStateException("KnownDifferencesTest: differences.txt missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String text;
            int line = 0;
            while ((text = r.readLine()) != null) {
                line++;
                if (!text.isBlank() && !text.startsWith("#")) {
                    out.add(Arguments.of(line, FuzzCase.parse(text).form, text));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "differences.txt:{0} {1}")
    @MethodSource("vectors")
    void agrees(int line, String form, String text) {
        assertNull(diff.check(FuzzCase.parse(text)));
    }
}
