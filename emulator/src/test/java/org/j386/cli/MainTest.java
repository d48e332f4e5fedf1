package org.j386.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process: every bad input is one line on stderr and status 1. */
class MainTest {
    @TempDir
    static Path dir;
    static Path hello;
    static Path stuck;

    /** Runs Main; the result is its status and what it printed. */
    record Result(int status, String out, String err) { }

    static Result run(String stdin, long heap, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)),
                new PrintStream(out, true), new PrintStream(err, true), heap);
        return new Result(status, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1));
    }

    static Result run(String... args) {
        return run("", Runtime.getRuntime().maxMemory(), args);
    }

    /** Exactly one line on stderr, starting "j386: " and containing {@code fragment}; status 1; no stack trace. */
    static void assertOneLineError(Result r, String fragment) {
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().startsWith("j386: "), r.err());
        assertTrue(r.err().endsWith("\n"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("at org."), r.err());
        assertEquals("", r.out());
    }

    /** A Multiboot ELF kernel at 1 MiB with {@code code} after the header. */
    static Path kernel(Path dir, String name, int... code) throws IOException {
        ByteBuffer text = ByteBuffer.allocate(12 + code.length).order(ByteOrder.LITTLE_ENDIAN);
        text.putInt(0x1BADB002).putInt(3).putInt(-(0x1BADB002 + 3));
        for (int b : code) {
            text.put((byte) b);
        }
        ByteBuffer f = ByteBuffer.allocate(0x1000 + text.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        f.put(new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1, 0});
        f.position(16);
        f.putShort((short) 2).putShort((short) 3).putInt(1).putInt(0x10000C).putInt(52).putInt(0).putInt(0)
                .putShort((short) 52).putShort((short) 32).putShort((short) 1).putShort((short) 40)
                .putShort((short) 0).putShort((short) 0);
        f.putInt(1).putInt(0x1000).putInt(0x100000).putInt(0x100000).putInt(text.capacity())
                .putInt(text.capacity()).putInt(7).putInt(0x1000);
        f.put(0x1000, text.array());
        Path p = dir.resolve(name);
        Files.write(p, f.array());
        return p;
    }

    @BeforeAll
    static void kernels() throws IOException {
        // mov dx, 0x3f8; "hi\n" out dx, al each; mov al, 0x10; out 0xf4, al; cli; hlt
        hello = kernel(dir, "hello.elf", 0x66, 0xBA, 0xF8, 0x03, 0xB0, 'h', 0xEE, 0xB0, 'i', 0xEE, 0xB0, '\n', 0xEE,
                0xB0, 0x10, 0xE6, 0xF4, 0xFA, 0xF4);
        stuck = kernel(dir, "stuck.elf", 0xFA, 0xF4);
    }

    // ---- bad input ----

    @Test
    void unknownOption() {
        assertOneLineError(run("-kernel", hello.toString(), "-enable-kvm"), "-enable-kvm: unknown option");
    }

    @Test
    void missingKernelOptionAndMissingArgument() {
        assertOneLineError(run(), "no kernel");
        assertOneLineError(run("-m", "64"), "no kernel");
        assertOneLineError(run("-kernel"), "-kernel needs an argument");
        assertOneLineError(run("hello.elf"), "unexpected argument 'hello.elf'");
    }

    @Test
    void missingKernelFile() {
        assertOneLineError(run("-kernel", dir.resolve("nope.elf").toString()), "no such file");
        assertOneLineError(run("-kernel", dir.toString()), "is a directory");
    }

    @Test
    void kernelThatIsNotElfOrHasNoMultibootHeader() throws IOException {
        Path text = dir.resolve("readme.txt");
        Files.writeString(text, "not a kernel\n");
        assertOneLineError(run("-kernel", text.toString()), "not an ELF file and no Multiboot header");
        Path elf = dir.resolve("plain.elf");
        byte[] image = Files.readAllBytes(hello);
        image[0x1000] = 0;    // break the magic
        Files.write(elf, image);
        assertOneLineError(run("-kernel", elf.toString()), "no Multiboot header in the first 8 KiB");
    }

    @Test
    void badMemorySizes() {
        String k = hello.toString();
        assertOneLineError(run("-kernel", k, "-m", "0"), "must be positive");
        assertOneLineError(run("-kernel", k, "-m", "-5"), "must be positive");
        assertOneLineError(run("-kernel", k, "-m", "lots"), "not a size");
        assertOneLineError(run("-kernel", k, "-m", "12Q"), "not a size");
        assertOneLineError(run("-kernel", k, "-m", "4G"), "at most 2047 MiB");
        assertOneLineError(run("-kernel", k, "-m", "1"), "too little RAM");
        assertOneLineError(run("-kernel", k, "-m", "256,slots=2"), "only the size");
    }

    @Test
    void memoryLargerThanTheJavaHeap() {
        Result r = run("", 512L << 20, "-kernel", hello.toString(), "-m", "1024");
        assertOneLineError(r, "needs more Java heap than the 512 MiB available");
    }

    @Test
    void unreadableInitrd() {
        assertOneLineError(run("-kernel", hello.toString(), "-initrd", dir.resolve("ramfs.img") + " init=/sh"),
                "initrd module '" + dir.resolve("ramfs.img") + "': no such file");
        assertOneLineError(run("-kernel", hello.toString(), "-initrd", dir.toString()), "is a directory");
    }

    @Test
    void conflictingOrUnsupportedDevices() {
        String k = hello.toString();
        assertOneLineError(run("-kernel", k, "-nographic", "-serial", "stdio"), "cannot use stdio by multiple");
        assertOneLineError(run("-kernel", k, "-serial", "tcp::4444"), "unsupported");
        assertOneLineError(run("-kernel", k, "-serial", "null", "-serial", "stdio"), "one serial port");
        assertOneLineError(run("-kernel", k, "-serial", "file:" + dir.resolve("no/such/dir/out.txt")), "cannot open");
        assertOneLineError(run("-kernel", k, "-device", "e1000"), "unknown device");
        assertOneLineError(run("-kernel", k, "-device", "isa-debug-exit,iobase=0xzz"), "not a port number");
        assertOneLineError(run("-kernel", k, "-device", "isa-debug-exit,colour=red"), "no property 'colour'");
        assertOneLineError(run("-kernel", k, "-display", "gtk"), "only -display none");
        assertOneLineError(run("-kernel", k, "-M", "pc"), "only the isapc machine");
    }

    @Test
    void internalErrorsAreOneLineWithoutAStackTrace() {
        Result r = run("", 1L << 30, (String[]) null);
        assertEquals(1, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("j386: internal error: NullPointerException"), r.err());
        assertFalse(r.err().contains("at org."), r.err());
    }

    // ---- good runs ----

    @Test
    void helpListsTheOptions() {
        Result r = run("--help");
        assertEquals(0, r.status());
        for (String flag : new String[] {"-kernel", "-initrd", "-append", "-m", "-serial", "-nographic", "-display",
            "-no-reboot", "-device isa-debug-exit"}) {
            assertTrue(r.out().contains(flag), flag);
        }
        assertEquals("", r.err());
        assertEquals(0, run("-h").status());
    }

    @Test
    void runsAKernelAndExitsWithItsDebugExitStatus() {
        Result r = run("-kernel", hello.toString(), "-display", "none", "-serial", "stdio", "-M", "isapc",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-no-reboot", "-m", "64M");
        assertEquals("hi\n", r.out());
        assertEquals("", r.err());
        assertEquals(0x21, r.status());
    }

    @Test
    void serialToFileOrNowhere() throws IOException {
        Path log = dir.resolve("serial.txt");
        Result r = run("-kernel", hello.toString(), "-serial", "file:" + log, "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-m", "size=32");
        assertEquals(0x21, r.status());
        assertEquals("", r.out());
        assertEquals("hi\n", Files.readString(log));
        Result quiet = run("-kernel", hello.toString(), "-serial", "null", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
        assertEquals(0x21, quiet.status());
        assertEquals("", quiet.out());
    }

    @Test
    void ctrlAxQuitsAGuestThatHaltsForever() {
        Result r = run("\u0001x", Runtime.getRuntime().maxMemory(), "-kernel", stuck.toString(), "-nographic", "-m", "16");
        assertEquals(0, r.status());
        assertTrue(r.err().contains("j386: Terminated"), r.err());
    }
}
