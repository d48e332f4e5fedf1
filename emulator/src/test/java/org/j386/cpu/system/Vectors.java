package org.j386.cpu.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/** Reads a vector file of this package: one case per line, {@code #} comments, blank lines skipped. */
final class Vectors {
    private Vectors() { }

    /** Each case as (line number, whitespace-split fields). */
    static Stream<Arguments> load(String name) {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = Vectors.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Vectors.load: no resource " + name);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                cases.add(Arguments.of(number, text.split("\\s+")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException("Vectors.load: no cases in " + name);
        }
        return cases.stream();
    }
}
