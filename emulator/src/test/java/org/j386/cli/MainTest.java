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
        assertOneLineError(run("-kernel", k, "-serial", "tcp::4444"), "add ',server'");
        assertOneLineError(run("-kernel", k, "-serial", "pty"), "unsupported");
        assertOneLineError(run("-kernel", k, "-serial", "null", "-serial", "null", "-serial", "null", "-serial", "null",
                "-serial", "stdio"), "four serial ports (COM1-COM4");
        assertOneLineError(run("-kernel", k, "-serial", "stdio", "-monitor", "stdio"), "cannot use stdio by multiple");
        assertOneLineError(run("-kernel", k, "-nographic", "-monitor", "stdio"), "cannot use stdio by multiple");
        assertOneLineError(run("-kernel", k, "-serial", "null", "-debugcon", "stdio", "-monitor", "stdio"),
                "cannot use stdio by multiple");
        assertOneLineError(run("-kernel", k, "-serial", "chardev:c0"), "no -chardev with id=c0");
        assertOneLineError(run("-kernel", k, "-device", "isa-debugcon,iobase=0xe9"), "needs chardev=ID");
        assertOneLineError(run("-kernel", k, "-chardev", "file,id=f"), "needs path=FILE");
        assertOneLineError(run("-kernel", k, "-chardev", "pty,id=p"), "unsupported backend");
        assertOneLineError(run("-kernel", k, "-gdb", "unix:/tmp/x"), "only tcp:[HOST]:PORT");
        assertOneLineError(run("-kernel", k, "-serial", "file:" + dir.resolve("no/such/dir/out.txt")), "cannot open");
        assertOneLineError(run("-kernel", k, "-device", "e1000"), "unknown device");
        assertOneLineError(run("-kernel", k, "-device", "isa-debug-exit,iobase=0xzz"), "not a port number");
        assertOneLineError(run("-kernel", k, "-device", "isa-debug-exit,colour=red"), "no property 'colour'");
        assertOneLineError(run("-kernel", k, "-display", "gtk"), "only -display none");
        assertOneLineError(run("-kernel", k, "-M", "pc"), "only the isapc machine");
    }

    @Test
    void badValuesOfTheRunningAndLoggingOptions() {
        String k = hello.toString();
        assertOneLineError(run("-kernel", k, "-icount", "shift=auto"), "not supported");
        assertOneLineError(run("-kernel", k, "-icount", "11"), "from 0 to 10");
        assertOneLineError(run("-kernel", k, "-icount", "shift=2,align=on"), "only shift=N");
        assertOneLineError(run("-kernel", k, "-rtc", "base=yesterday"), "invalid date");
        assertOneLineError(run("-kernel", k, "-rtc", "base=1969-12-31"), "1970 or later");
        assertOneLineError(run("-kernel", k, "-rtc", "clock=rt"), "clock=rt is not supported");
        assertOneLineError(run("-kernel", k, "-rtc", "colour=red"), "unknown property");
        assertOneLineError(run("-kernel", k, "-d", "out_asm"), "-d out_asm: not implemented by j386");
        assertOneLineError(run("-kernel", k, "-d", "int,sparkles"), "-d sparkles: unknown log item");
        assertOneLineError(run("-kernel", k, "-d", "int", "-D", dir.resolve("no/such/dir/log").toString()), "cannot open");
        assertOneLineError(run("-kernel", k, "-monitor", "none", "-monitor", "stdio"), "one monitor");
    }

    @Test
    void badBiosImages() throws IOException {
        Path odd = dir.resolve("odd.bin");
        Files.write(odd, new byte[1000]);
        assertOneLineError(run("-bios", odd.toString()), "must be a multiple of 64 KiB");
        assertOneLineError(run("-bios", dir.resolve("none.bin").toString()), "no such file");
        assertOneLineError(run("-bios", odd.toString(), "-kernel", hello.toString()), "-kernel with -bios");
        assertOneLineError(run("-bios", odd.toString(), "-append", "x"), "only a -kernel takes them");
    }

    @Test
    void dHelpListsTheLogItems() {
        Result r = run("-d", "help");
        assertEquals(0, r.status());
        for (String item : new String[] {"int ", "cpu_reset ", "mmu ", "guest_errors ", "in_asm ", "exec "}) {
            assertTrue(r.out().contains("\n" + item), r.out());
        }
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
            "-no-reboot", "-device isa-debug-exit", "-bios", "-monitor", "-debugcon", "-chardev", "-device isa-debugcon",
            "-S ", "-s ", "-gdb", "-no-shutdown", "-icount", "-rtc", "-d ", "-D ", "COM3 (0x3e8, IRQ 4)", "COM4 (0x2e8, IRQ 3)",
            "-serial none", "in_asm", "exec"}) {
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
    void comTwoAndTheDebugConsoleGoWhereTheyAreTold() throws IOException {
        // mov dx, 0x2f8; "ab" out dx, al; "c" out 0xe9, al; out 0xf4
        Path k = kernel(dir, "com2.elf", 0x66, 0xBA, 0xF8, 0x02, 0xB0, 'a', 0xEE, 0xB0, 'b', 0xEE, 0xB0, 'c', 0xE6, 0xE9,
                0xB0, 0x10, 0xE6, 0xF4, 0xFA, 0xF4);
        Path com2 = dir.resolve("com2.txt");
        Path con = dir.resolve("debugcon.txt");
        Result r = run("-kernel", k.toString(), "-serial", "null", "-serial", "file:" + com2, "-chardev",
                "file,id=dc,path=" + con, "-device", "isa-debugcon,iobase=0xe9,chardev=dc",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
        assertEquals(0x21, r.status(), r.err());
        assertEquals("ab", Files.readString(com2));
        assertEquals("c", Files.readString(con));
        Result stdio = run("-kernel", k.toString(), "-serial", "null", "-debugcon", "stdio",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
        assertEquals("c", stdio.out());
        // Without a second -serial there is no COM2: its bytes go nowhere.
        Result one = run("-kernel", k.toString(), "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
        assertEquals("", one.out());
    }

    @Test
    void comThreeAndFourAndSerialNone() throws IOException {
        // "3" to 0x3e8, "4" to 0x2e8, "1" to 0x3f8, then out 0xf4
        Path k = kernel(dir, "com34.elf", 0x66, 0xBA, 0xE8, 0x03, 0xB0, '3', 0xEE, 0x66, 0xBA, 0xE8, 0x02, 0xB0, '4', 0xEE,
                0x66, 0xBA, 0xF8, 0x03, 0xB0, '1', 0xEE, 0xB0, 0x10, 0xE6, 0xF4, 0xFA, 0xF4);
        Path com3 = dir.resolve("com3.txt");
        Path com4 = dir.resolve("com4.txt");
        Result r = run("-kernel", k.toString(), "-serial", "stdio", "-serial", "null", "-serial", "file:" + com3,
                "-serial", "file:" + com4, "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
        assertEquals(0x21, r.status(), r.err());
        assertEquals("1", r.out());
        assertEquals("3", Files.readString(com3));
        assertEquals("4", Files.readString(com4));
        // -serial none: no COM1, and no default one on stdio either; the next -serial is COM2.
        Result none = run("-kernel", k.toString(), "-serial", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
        assertEquals(0x21, none.status(), none.err());
        assertEquals("", none.out());
        Result third = run("-kernel", k.toString(), "-serial", "none", "-serial", "null", "-serial", "stdio",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
        assertEquals("3", third.out());
    }

    @Test
    void interruptAndResetLogGoesToTheDFile() throws IOException {
        // int3 with the real-mode-sized IDT the loader leaves: #GP, #DF, triple fault.
        Path k = kernel(dir, "int3.elf", 0x0F, 0x01, 0x1D, 0x14, 0x00, 0x10, 0x00, 0xCC, 0, 0, 0, 0, 0, 0);
        Path log = dir.resolve("int.log");
        Result r = run("-kernel", k.toString(), "-no-reboot", "-serial", "null", "-d", "int,cpu_reset", "-D", log.toString());
        assertEquals(0, r.status(), r.err());
        String text = Files.readString(log);
        assertTrue(text.startsWith("CPU Reset (CPU 0)\nEAX=00000000 EBX=00000000 ECX=00000000 EDX=00000480\n"), text);
        assertTrue(text.contains("\n     0: v=03 e=0000 i=1 cpl=0 IP=0008:00100013 pc=00100013 SP=0010:00006f14"
                + " env->regs[R_EAX]=2badb002\nEAX=2badb002 "), text);
        assertTrue(text.contains("\n     1: v=0d e=001a i=0 cpl=0 IP=0008:00100013 "), text);
        assertTrue(text.contains("\n     2: v=08 e=0000 i=0 cpl=0 IP=0008:00100013 "), text);
        assertTrue(text.endsWith("Triple fault\n"), text);
        assertEquals("", r.err());
    }

    @Test
    void inAsmAndExecLogTheBlockAsQemuDoes() throws IOException {
        Path log = dir.resolve("in_asm.log");
        Result r = run("-kernel", hello.toString(), "-serial", "null", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-d", "in_asm,exec", "-D", log.toString());
        assertEquals(0x21, r.status(), r.err());
        // QEMU 7.2 (-M isapc) logs the same for this kernel, but for its host code address after "Trace 0:".
        assertEquals("----------------\n"
                + "IN: \n"
                + "0x0010000c:  66 ba f8 03              movw     $0x3f8, %dx\n"
                + "0x00100010:  b0 68                    movb     $0x68, %al\n"
                + "0x00100012:  ee                       outb     %al, %dx\n"
                + "0x00100013:  b0 69                    movb     $0x69, %al\n"
                + "0x00100015:  ee                       outb     %al, %dx\n"
                + "0x00100016:  b0 0a                    movb     $0xa, %al\n"
                + "0x00100018:  ee                       outb     %al, %dx\n"
                + "0x00100019:  b0 10                    movb     $0x10, %al\n"
                + "0x0010001b:  e6 f4                    outb     %al, $0xf4\n"
                + "0x0010001d:  fa                       cli      \n"
                + "0x0010001e:  f4                       hlt      \n"
                + "\n"
                + "Trace 0: 0x10000c [00000000/0010000c/000000b0/ff000000] \n", Files.readString(log));
    }

    @Test
    void guestErrorsAndPageFaultsAreLogged() throws IOException {
        // out 0x2e0, al (no device there); mov [0x7ffff00], eax (above 16 MiB of RAM);
        // then paging on with an empty page directory at 2 MiB: the next fetch faults.
        Path k = kernel(dir, "errors.elf", 0xB0, 0x5A, 0x66, 0xBA, 0xE0, 0x02, 0xEE,
                0xB8, 0x78, 0x56, 0x34, 0x12, 0xA3, 0x00, 0xFF, 0xFF, 0x07,
                0xB8, 0x00, 0x00, 0x20, 0x00, 0x0F, 0x22, 0xD8,
                0x0F, 0x20, 0xC0, 0x0D, 0x00, 0x00, 0x00, 0x80, 0x0F, 0x22, 0xC0, 0x90);
        Path log = dir.resolve("errors.log");
        Result r = run("-kernel", k.toString(), "-m", "16", "-no-reboot", "-serial", "null",
                "-d", "guest_errors,mmu,int", "-D", log.toString());
        assertEquals(0, r.status(), r.err());
        String text = Files.readString(log);
        assertTrue(text.startsWith("guest error: write of 5a (1 byte) to I/O port 0x02e0, dropped\n"
                + "guest error: write of 12345678 (4 bytes) to memory above RAM at 0x07ffff00, dropped\n"), text);
        assertTrue(text.contains("page fault: linear 00100030 error 0000 (not-present read supervisor) eip 00100030\n"
                + "     0: v=0e e=0000 i=0 cpl=0 IP=0008:00100030 pc=00100030 SP=0010:00006f14 CR2=00100030\n"), text);
    }

    @Test
    void ctrlAxQuitsAGuestThatHaltsForever() {
        Result r = run("\u0001x", Runtime.getRuntime().maxMemory(), "-kernel", stuck.toString(), "-nographic", "-m", "16");
        assertEquals(0, r.status());
        assertTrue(r.err().contains("j386: Terminated"), r.err());
    }
}
