package org.j386.cpu.unicorn;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.j386.cpu.OpcodeTable;
import org.j386.cpu.OpcodeTable.Row;

/**
 * A differential run of N cases from one seed, with the counts the report prints: cases per
 * opcode row (and per mnemonic), operand and address sizes, addressing forms, exceptions seen,
 * differences per row, and the first {@link #KEEP} difference lines.
 */
final class FuzzRun {
    /** Difference lines kept in full; {@code -Dj386.fuzz.keep=n} keeps more. */
    static final int KEEP = Integer.getInteger("j386.fuzz.keep", 20);

    final long seed;
    long cases;
    long differences;
    long harnessErrors;
    final Map<Integer, long[]> perRow = new TreeMap<>();          // line -> {cases, o16, a16, mem, exceptions}
    final Map<String, Long> forms = new TreeMap<>();
    final Map<String, Long> vectors = new TreeMap<>();
    final Map<String, Long> diffsPerForm = new TreeMap<>();
    final List<String> firstDiffs = new ArrayList<>();

    FuzzRun(long seed) {
        this.seed = seed;
    }

    /** Runs cases [0, n) of the seed on {@code diff}. */
    void run(Differential diff, CaseGenerator gen, long n) {
        for (long i = 0; i < n; i++) {
            FuzzCase c = gen.generate(seed, i);
            record(c, diff.check(c), diff.u);
        }
    }

    void record(FuzzCase c, String line, Outcome u) {
        cases++;
        long[] row = perRow.computeIfAbsent(c.line, k -> new long[6]);
        row[0]++;
        row[1] += c.o16 ? 1 : 0;
        row[2] += c.a16 ? 1 : 0;
        row[3] += c.memoryForm ? 1 : 0;
        row[4] += u.vector >= 0 ? 1 : 0;
        row[5] += c.code16 ? 1 : 0;
        forms.merge(c.addressForm, 1L, Long::sum);
        if (u.vector >= 0) {
            String name = c.form.equals("INT Ib") ? "INT n" : Differential.vectorName(u.vector);
            vectors.merge(name, 1L, Long::sum);
        }
        if (line != null) {
            differences++;
            if (line.contains("| harness:")) {
                harnessErrors++;
            }
            diffsPerForm.merge("line " + c.line + " " + c.form, 1L, Long::sum);
            if (firstDiffs.size() < KEEP) {
                firstDiffs.add(line);
            }
        }
    }

    /** Included rows that got no case. */
    List<Row> uncovered(List<Row> included) {
        List<Row> out = new ArrayList<>();
        for (Row r : included) {
            long[] n = perRow.get(r.line());
            if (n == null || n[0] == 0) {
                out.add(r);
            }
        }
        return out;
    }

    void print(PrintStream o, List<Row> included) {
        o.printf("j386 CPU differential against Unicorn 2.0.1: %d cases from seed %d, %d differences"
                + " (%d harness errors)%n", cases, seed, differences, harnessErrors);
        Map<String, long[]> byMnemonic = new TreeMap<>();
        for (Row r : included) {
            long[] n = perRow.getOrDefault(r.line(), new long[6]);
            long[] m = byMnemonic.computeIfAbsent(r.mnemonic(), k -> new long[7]);
            for (int i = 0; i < 6; i++) {
                m[i] += n[i];
            }
            m[6]++;
        }
        o.println("coverage per mnemonic: cases (rows; 16-bit operand / 16-bit address / memory form /"
                + " exception / CS.D=0 cases):");
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, long[]> e : byMnemonic.entrySet()) {
            long[] m = e.getValue();
            String item = String.format("%s %d (%d; %d/%d/%d/%d/%d)", e.getKey(), m[0], m[6], m[1], m[2], m[3],
                    m[4], m[5]);
            if (sb.length() + item.length() > 110) {
                o.println("  " + sb);
                sb.setLength(0);
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(item);
        }
        o.println("  " + sb);
        long a32 = forms.keySet().stream().filter(k -> k.startsWith("a32")).count();
        long a16 = forms.keySet().stream().filter(k -> k.startsWith("a16")).count();
        o.printf("addressing forms: %d distinct 32-bit (ModRM/SIB), %d distinct 16-bit, register form %d cases%n",
                a32, a16, forms.getOrDefault("reg", 0L));
        o.println("exceptions and interrupts raised (by Unicorn's vector; INT n counted once): " + vectors);
        List<Row> missing = uncovered(included);
        o.println("included rows without a case: " + (missing.isEmpty() ? "none" : missing.size()));
        for (Row r : missing) {
            o.println("  line " + r.line() + " " + r.encoding() + " " + r.form());
        }
        o.println("excluded rows (" + (OpcodeTable.rows().size() - included.size()) + "):");
        for (Map.Entry<String, String> e : Exclusions.ROWS.entrySet()) {
            o.println("  " + e.getKey() + ": " + e.getValue());
        }
        o.println("generator restrictions:");
        for (Map.Entry<String, String> e : Exclusions.RESTRICTIONS.entrySet()) {
            o.println("  " + e.getKey() + ": " + e.getValue());
        }
        if (differences > 0) {
            o.println("differences per row:");
            diffsPerForm.forEach((k, v) -> o.println("  " + k + ": " + v));
            o.println("first " + firstDiffs.size() + " differences (each line reproduces with"
                    + " make fuzz-cpu CASE='<line>'):");
            firstDiffs.forEach(o::println);
        }
    }
}
