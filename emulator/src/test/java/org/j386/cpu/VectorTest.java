package org.j386.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the instruction vectors under {@code vectors/}: one case per line,
 * {@code code bytes | initial state | expected state}. Each case runs twice on one machine: with
 * a cold decode cache, then again from the same initial state with the instruction already
 * decoded and cached (STYLE.md 5: the same vectors with the cache on and off).
 *
 * <p>State tokens: {@code eax=hex} .. {@code edi=}, {@code eip=}, {@code fl=} (EFLAGS),
 * {@code CF=0|1} (and PF AF ZF SF OF DF IF), {@code fill=N} (the DATA and stack byte pattern),
 * {@code m8@addr=hex} / {@code m16@} / {@code m32@}, {@code mode=real}, {@code cr0=}, {@code cr4=},
 * {@code vec=N} (exception N was delivered), {@code halted=1}, {@code out@port=hex} (last value
 * written to an I/O port), {@code ds=}/{@code es=}/.. selectors.
 */
class VectorTest {
    static final String[] FILES = {"alu", "bcd", "bitops", "control", "datamove", "flags", "muldiv", "shifts",
        "stack", "strings", "system", "faults", "real"};
    private static final String[] REGS = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    private static final String[] SEGS = {"es", "cs", "ss", "ds", "fs", "gs"};
    private static final String[] FLAG_NAMES = {"CF", "PF", "AF", "ZF", "SF", "OF", "DF", "IF", "TF"};
    private static final int[] FLAG_BITS = {Eflags.CF, Eflags.PF, Eflags.AF, Eflags.ZF, Eflags.SF, Eflags.OF,
        Eflags.DF, Eflags.IF, Eflags.TF};
    static final int PATTERN_DATA = TestMachine.DATA - 0x100;
    static final int PATTERN_DATA_SIZE = 0x600;
    static final int PATTERN_STACK = TestMachine.STACK_TOP - 0x100;
    static final int PATTERN_STACK_SIZE = 0x200;

    /** One vector line. */
    record Vector(String file, int line, byte[] code, String[] init, String[] expect) {
        @Override
        public String toString() {
            return file + ".txt:" + line;
        }
    }

    static List<Vector> load() {
        List<Vector> out = new ArrayList<>();
        for (String f : FILES) {
            try (InputStream in = VectorTest.class.getResourceAsStream("vectors/" + f + ".txt")) {
                if (in == null) {
                    throw new IllegalStateException("missing vectors/" + f + ".txt");
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                String text;
                int line = 0;
                while ((text = r.readLine()) != null) {
                    line++;
                    if (text.isBlank() || text.startsWith("#")) {
                        continue;
                    }
                    String[] col = text.split("\\|");
                    out.add(new Vector(f, line, TestMachine.hex(col[0]), col[1].trim().split("\\s+"),
                            col[2].trim().split("\\s+")));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static Stream<Arguments> vectors() {
        return load().stream().map(v -> Arguments.of(v.toString(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vector(String name, Vector v) {
        boolean real = List.of(v.init).contains("mode=real");
        // A halted CPU stays halted: that vector's second pass runs on a fresh machine.
        boolean halts = List.of(v.expect).contains("halted=1");
        TestMachine m = null;
        RecordingPorts ports = null;
        for (int pass = 0; pass < 2; pass++) {
            if (m == null || halts) {
                m = new TestMachine();
                ports = new RecordingPorts();
                m.io.register(0, 0x10000, ports);
            }
            if (real) {
                m.real();
            } else {
                m.flat32();
            }
            m.cpu.setCpl(0);
            for (int r = Cpu.EAX; r <= Cpu.EDI; r++) {
                m.cpu.setReg(r, r == Cpu.ESP ? TestMachine.STACK_TOP : 0);
            }
            Map<Integer, Integer> image = setUp(m, v.init);
            if (pass == 0 || halts) {
                m.load(m.cpu.segBase(Cpu.CS) + m.cpu.eip(), v.code);
            }
            long before = m.cache().decodes;
            long clock = m.cpu.instructions();
            m.cpu.run(1);
            if (pass == 1 && !halts && !List.of(v.expect).contains("vec=" + Fault.UD)) {
                assertEquals(before, m.cache().decodes, name + ": the second run should hit the decode cache");
            }
            check(name + (pass == 0 ? " (cold)" : " (cached)"), m, ports, image, v.expect, clock);
        }
    }

    private static int parse(String hex) {
        return Integer.parseUnsignedInt(hex, 16);
    }

    /** Applies the initial state; returns the expected memory image of the pattern regions so far. */
    static Map<Integer, Integer> setUp(TestMachine m, String[] init) {
        Map<Integer, Integer> image = new TreeMap<>();
        for (String t : init) {
            if (t.startsWith("fill=")) {
                int seed = Integer.parseInt(t.substring(5));
                fill(m, PATTERN_DATA, PATTERN_DATA_SIZE, seed);
                fill(m, PATTERN_STACK, PATTERN_STACK_SIZE, seed);
            }
        }
        for (String t : init) {
            String[] kv = t.split("=", 2);
            String k = kv[0];
            int reg = List.of(REGS).indexOf(k);
            if (reg >= 0) {
                m.cpu.setReg(reg, parse(kv[1]));
            } else if (k.equals("fl")) {
                m.cpu.setEflags(parse(kv[1]));
            } else if (k.equals("eip")) {
                m.cpu.setEip(parse(kv[1]));
            } else if (k.startsWith("m8@") || k.startsWith("m16@") || k.startsWith("m32@")) {
                int addr = parse(k.substring(k.indexOf('@') + 1));
                int size = k.startsWith("m8") ? 1 : k.startsWith("m16") ? 2 : 4;
                int val = parse(kv[1]);
                for (int b = 0; b < size; b++) {
                    m.mem.write8(addr + b, val >>> (8 * b));
                }
            } else if (k.matches("cr[0234]")) {
                m.cpu.setCr(k.charAt(2) - '0', parse(kv[1]));
            } else if (k.equals("cpl")) {
                m.cpu.setCpl(parse(kv[1]));
            }
        }
        for (int a = PATTERN_DATA; a < PATTERN_DATA + PATTERN_DATA_SIZE; a++) {
            image.put(a, m.mem.read8(a));
        }
        for (int a = PATTERN_STACK; a < PATTERN_STACK + PATTERN_STACK_SIZE; a++) {
            image.put(a, m.mem.read8(a));
        }
        return image;
    }

    static void fill(TestMachine m, int base, int size, int seed) {
        for (int k = 0; k < size; k++) {
            m.mem.write8(base + k, (k * 37 + seed * 11 + 0x5A) & 0xFF);
        }
    }

    static void check(String name, TestMachine m, RecordingPorts ports, Map<Integer, Integer> image,
                      String[] expect, long clock) {
        int flags = m.cpu.eflags();
        for (String t : expect) {
            String[] kv = t.split("=", 2);
            String k = kv[0];
            int reg = List.of(REGS).indexOf(k);
            int seg = List.of(SEGS).indexOf(k);
            int flag = List.of(FLAG_NAMES).indexOf(k);
            if (reg >= 0) {
                assertEquals(hex(parse(kv[1])), hex(m.cpu.reg(reg)), name + ": " + k);
            } else if (seg >= 0) {
                assertEquals(hex(parse(kv[1])), hex(m.cpu.segSelector(seg)), name + ": " + k);
            } else if (flag >= 0) {
                assertEquals(Integer.parseInt(kv[1]), (flags & FLAG_BITS[flag]) != 0 ? 1 : 0, name + ": " + k);
            } else if (k.equals("eip")) {
                assertEquals(hex(parse(kv[1])), hex(m.cpu.eip()), name + ": eip");
            } else if (k.equals("vec")) {
                assertEquals(Integer.parseInt(kv[1]), m.deliveredVector(), name + ": delivered vector");
            } else if (k.equals("halted")) {
                assertEquals(kv[1].equals("1"), m.cpu.halted(), name + ": halted");
            } else if (k.startsWith("out@")) {
                assertEquals(hex(parse(kv[1])), hex(ports.lastWrite(parse(k.substring(4)))), name + ": " + k);
            } else if (k.startsWith("m8@") || k.startsWith("m16@") || k.startsWith("m32@")) {
                int addr = parse(k.substring(k.indexOf('@') + 1));
                int size = k.startsWith("m8") ? 1 : k.startsWith("m16") ? 2 : 4;
                int val = parse(kv[1]);
                for (int b = 0; b < size; b++) {
                    int want = (val >>> (8 * b)) & 0xFF;
                    if (image.containsKey(addr + b)) {
                        image.put(addr + b, want);
                    } else {
                        assertEquals(hex(want), hex(m.mem.read8(addr + b)), name + ": byte at " + hex(addr + b));
                    }
                }
            } else if (k.matches("cr[0234]")) {
                assertEquals(hex(parse(kv[1])), hex(m.cpu.cr(k.charAt(2) - '0')), name + ": " + k);
            } else if (k.matches("dr[0-7]")) {
                assertEquals(hex(parse(kv[1])), hex(m.cpu.dr(k.charAt(2) - '0')), name + ": " + k);
            } else if (k.equals("iopl")) {
                assertEquals(parse(kv[1]), (flags & Eflags.IOPL) >>> Eflags.IOPL_SHIFT, name + ": iopl");
            } else if (k.equals("gdtr") || k.equals("idtr")) {
                int got = k.equals("gdtr") ? m.cpu.gdtrBase() : m.cpu.idtrBase();
                assertEquals(hex(parse(kv[1])), hex(got), name + ": " + k);
            } else if (k.equals("gdtl") || k.equals("idtl")) {
                int got = k.equals("gdtl") ? m.cpu.gdtrLimit() : m.cpu.idtrLimit();
                assertEquals(hex(parse(kv[1])), hex(got), name + ": " + k);
            } else if (k.equals("rdtsc")) {
                assertEquals(hex((int) clock), hex(m.cpu.reg(Cpu.EAX)), name + ": RDTSC low half = clock");
                assertEquals(hex((int) (clock >>> 32)), hex(m.cpu.reg(Cpu.EDX)), name + ": RDTSC high half");
            } else {
                throw new IllegalArgumentException(name + ": unknown token " + t);
            }
        }
        for (Map.Entry<Integer, Integer> e : image.entrySet()) {
            assertEquals(hex(e.getValue()), hex(m.mem.read8(e.getKey())), name + ": byte at " + hex(e.getKey()));
        }
    }

    private static String hex(int v) {
        return Integer.toHexString(v);
    }
}
