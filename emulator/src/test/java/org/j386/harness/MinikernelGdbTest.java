package org.j386.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.j386.cli.Main;
import org.j386.gdb.GdbBatch;
import org.junit.jupiter.api.Test;

/**
 * The real gdb against the minikernel (built with -g), held by {@code -S}, on j386 and on
 * {@code qemu-system-i386 -S -gdb}: break at a kernel function by symbol, continue, registers,
 * {@code bt}, a global, {@code stepi}, a watchpoint on a kernel variable that fires at the writing
 * instruction, {@code finish}, {@code x/8xw} of the vmalloc area the kernel just made, detach.
 * Both machines must answer the same, line for line, except the first line: held at power-on,
 * QEMU sits at the BIOS's reset vector, j386 at the kernel's Multiboot entry (it has no BIOS).
 */
class MinikernelGdbTest {
    private static final List<String> SCRIPT = List.of(
            "set pagination off",
            "set confirm off",
            "target remote 127.0.0.1:%d",
            "break vmalloc",
            "continue",
            "info registers eip esp ebp eax ecx edx eflags cs ss",
            "bt",
            "print totalram_pages",
            "print vmlist",
            "stepi",
            "stepi",
            "stepi",
            "info registers eip esp",
            "delete",
            "watch vmlist",
            "continue",
            "print/x *vmlist",
            "delete",
            "finish",
            "finish",
            "x/8xw $eax",
            "detach");

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until something listens on {@code port}; a connection that sends nothing changes nothing. */
    private static void awaitListener(int port) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (attempt == 400) {
                    throw e;
                }
                Thread.sleep(25);
            }
        }
    }

    private static String gdb(Path kernel, int port) throws Exception {
        List<String> commands = new ArrayList<>();
        for (String c : SCRIPT) {
            commands.add(String.format(c, port));
        }
        GdbBatch.Result r = GdbBatch.run(kernel, commands, 120);
        assertEquals(0, r.exitStatus(), r.output());
        return r.output();
    }

    /** gdb's answers without the first stop line (QEMU's reset vector, j386's Multiboot entry). */
    private static String afterFirstStop(String out) {
        return out.substring(out.indexOf('\n') + 1);
    }

    @Test
    void gdbSeesTheSameKernelOnJ386AndQemu() throws Exception {
        Path kernel = Transcript.buildDir().resolve("minikernel.elf");
        assertTrue(Files.isRegularFile(kernel), kernel + " is missing: run make build");

        int port = freePort();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        String j386;
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Future<Integer> run = pool.submit(() -> Main.run(new String[] {"-kernel", kernel.toString(),
                "-append", "demo=alloc", "-S", "-gdb", "tcp::" + port, "-display", "none", "-serial", "null",
                "-no-reboot", "-device", Transcript.DEBUG_EXIT_DEVICE},
                    System.in, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)));
            awaitListener(port);
            j386 = gdb(kernel, port);
            assertEquals(1, run.get(60, TimeUnit.SECONDS), "after detach the kernel runs on and powers off; " + err);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(j386.contains("Breakpoint 1, vmalloc (size=1000000) at vmalloc.c:"), j386);
        assertTrue(j386.contains("#1  0x"), "bt shows the callers: " + j386);
        assertTrue(j386.contains("Hardware watchpoint 2: vmlist\n\nOld value = (struct vm_struct *) 0x0"), j386);

        int qport = freePort();
        Process qemu = new ProcessBuilder("qemu-system-i386", "-M", "isapc", "-kernel", kernel.toString(),
                "-append", "demo=alloc", "-S", "-gdb", "tcp:127.0.0.1:" + qport, "-display", "none", "-serial", "null",
                "-no-reboot", "-device", Transcript.DEBUG_EXIT_DEVICE)
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String qemuOut;
        try {
            awaitListener(qport);
            qemuOut = gdb(kernel, qport);
            assertTrue(qemu.waitFor(60, TimeUnit.SECONDS), "QEMU powers off after detach");
        } finally {
            qemu.destroyForcibly();
        }
        assertTrue(qemuOut.startsWith("0x0000fff0 in ?? ()\n"), qemuOut);
        assertTrue(j386.startsWith("0x0010000c in _start ()\n"), j386);
        assertEquals(afterFirstStop(qemuOut), afterFirstStop(j386));
    }
}
