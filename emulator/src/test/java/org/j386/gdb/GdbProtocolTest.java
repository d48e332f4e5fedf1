package org.j386.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.j386.cpu.Cpu;
import org.junit.jupiter.api.Test;

/**
 * The stub over a real loopback socket, fed well-formed and malformed packets, against
 * {@link TinyGuest}. No timings: every wait is bounded by the client's socket timeout.
 */
class GdbProtocolTest {
    private static final String STOP_TRAP = "T05thread:p01.01;";

    /** A session as gdb opens it: features with multiprocess, so thread ids are p01.01. */
    private static RspClient open(TinyGuest g) throws Exception {
        RspClient c = new RspClient(g.port());
        String features = c.ask("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
        assertEquals("PacketSize=1000;qXfer:features:read+;vContSupported+;QStartNoAckMode+;multiprocess+", features);
        return c;
    }

    private static int register(RspClient c, int n) throws Exception {
        String v = c.ask("p" + Integer.toHexString(n));
        return Hex.fromLe32(Hex.decode(v));
    }

    @Test
    void connectionQueriesAnswerAsQemu() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start(); RspClient c = open(g)) {
            assertEquals("", c.ask("vMustReplyEmpty"));
            assertEquals("OK", c.ask("Hgp0.0"));
            assertEquals("", c.ask("qTStatus"));
            assertEquals(STOP_TRAP, c.ask("?"));
            assertEquals("mp01.01", c.ask("qfThreadInfo"));
            assertEquals("l", c.ask("qsThreadInfo"));
            assertEquals("1", c.ask("qAttached:1"));
            assertEquals("OK", c.ask("Hc-1"));
            assertEquals("QCp01.01", c.ask("qC"));
            assertEquals("", c.ask("qOffsets"));
            assertEquals("", c.ask("qSymbol::"));
            assertEquals("vCont;c;C;s;S", c.ask("vCont?"));
            assertEquals("l" + I386Registers.document("target.xml"), c.ask("qXfer:features:read:target.xml:0,ffb"));
            assertEquals("E00", c.ask("qXfer:features:read:nosuch.xml:0,ffb"));
        }
    }

    @Test
    void targetDescriptionReadInChunksIsTheWholeDocument() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start(); RspClient c = open(g)) {
            StringBuilder doc = new StringBuilder();
            for (int chunk = 0; chunk < 100; chunk++) {
                String r = c.ask("qXfer:features:read:i386-32bit.xml:" + Integer.toHexString(doc.length()) + ",ffb");
                doc.append(r.substring(1));
                if (r.charAt(0) == 'l') {
                    break;
                }
                assertEquals('m', r.charAt(0));
            }
            assertEquals(I386Registers.document("i386-32bit.xml"), doc.toString());
        }
    }

    @Test
    void registersReadAndWrite() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start(); RspClient c = open(g)) {
            String all = c.ask("g");
            assertEquals(I386Registers.totalSize() * 2, all.length());
            assertEquals(688, all.length());
            assertEquals("00100000", all.substring(8 * 8, 9 * 8));       // eip 0x1000
            assertEquals("08000000", all.substring(10 * 8, 11 * 8));     // cs
            assertEquals(TinyGuest.LOOP, register(c, I386Registers.EIP));
            assertEquals("E14", c.ask("p32"));                          // 50: past the last, as QEMU
            assertEquals("OK", c.ask("P0=78563412"));
            assertEquals(0x12345678, register(c, 0));
            assertEquals("OK", c.ask("P" + Integer.toHexString(I386Registers.FCTRL) + "=7f030000"));
            assertEquals("E01", c.ask("P" + Integer.toHexString(I386Registers.FCTRL) + "=00000000"));
            assertEquals("E22", c.ask("P0=1234"));
            // G with g's own text changes nothing; with a changed EAX, changes EAX.
            all = c.ask("g");
            assertEquals("OK", c.ask("G" + all));
            assertEquals(all, c.ask("g"));
            assertEquals("OK", c.ask("G" + "efbeadde" + all.substring(8)));
            assertEquals(0xDEADBEEF, register(c, 0));
            assertEquals("E22", c.ask("G" + all.substring(2)));
        }
    }

    @Test
    void memoryReadWriteEscapesAndRunLengths() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start(); RspClient c = open(g)) {
            assertEquals("40a30020000043eb", c.ask("m1000,8"));
            assertEquals("OK", c.ask("M2000,4:01020304"));
            assertEquals("01020304", c.ask("m2000,4"));
            // X: binary, with # $ } * escaped as } followed by the byte XOR 0x20
            assertEquals("OK", c.ask("X2000,5:}\u0003}\u0004}]}\n\u0000"));
            assertEquals("23247d2a00", c.ask("m2000,5"));
            assertEquals("OK", c.ask("X2000,0:"));
            // run-length: "1* " is '1' and three more
            assertEquals("OK", c.ask("M2000,2:1* "));
            assertEquals("1111", c.ask("m2000,2"));
            assertEquals("E22", c.ask("M2000,4:0102"));
            assertEquals("E22", c.ask("mzz,4"));
            // As QEMU on isapc with 2 MiB: nothing decoded beyond RAM, nor past 4 GiB, is E14;
            // the legacy hole reads as the bus gives it (j386 has no VGA: all ones)
            assertEquals("E14", c.ask("m300000,4"));
            assertEquals("E14", c.ask("m1ffffe,4"));
            assertEquals("E14", c.ask("mfffffffe,4"));
            assertEquals("E14", c.ask("M300000,1:00"));
            assertEquals("ffffffff", c.ask("ma0000,4"));
        }
    }

    @Test
    void pagingUnmappedIsE14AndReadsLeaveAccessedBitsAlone() throws Exception {
        TinyGuest guest = new TinyGuest(true);
        guest.enablePaging();
        try (TinyGuest g = guest.start(); RspClient c = open(g)) {
            int pteData = TinyGuest.PAGE_TABLE + (TinyGuest.DATA >>> 12) * 4;
            int before = g.memory.read32(pteData);
            assertEquals("40a30020", c.ask("m1000,4"));
            assertEquals("00000000", c.ask("m2000,4"));
            assertEquals("E14", c.ask("m100000,4"));            // first unmapped page
            assertEquals("E14", c.ask("mffffe,4"));             // straddles into it
            assertEquals("E14", c.ask("M100000,1:00"));
            assertEquals("OK", c.ask("M2000,4:aabbccdd"));
            assertEquals(before, g.memory.read32(pteData), "PTE A/D bits untouched by debugger accesses");
            assertEquals(0xDDCCBBAA, g.memory.read32(TinyGuest.DATA));
        }
    }

    @Test
    void stepsContinuesBreakpointsAndWatchpoints() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start(); RspClient c = open(g)) {
            assertEquals(STOP_TRAP, c.ask("vCont;s:p1.1;c:p1.-1"));
            assertEquals(TinyGuest.STORE, register(c, I386Registers.EIP));
            assertEquals(STOP_TRAP, c.ask("s"));
            assertEquals(TinyGuest.INC_EBX, register(c, I386Registers.EIP));
            assertEquals(1, register(c, 0));
            // breakpoint kept out of guest memory
            assertEquals("OK", c.ask("Z0,1007,1"));
            assertEquals("eb", c.ask("m1007,1"));
            assertEquals(STOP_TRAP, c.ask("vCont;c:p1.-1"));
            assertEquals(TinyGuest.JMP, register(c, I386Registers.EIP));
            assertEquals(0xEB, g.memory.read8(TinyGuest.JMP));
            assertEquals("OK", c.ask("z0,1007,1"));
            // hardware breakpoint, same mechanism
            assertEquals("OK", c.ask("Z1,1000,1"));
            assertEquals(STOP_TRAP, c.ask("c"));
            assertEquals(TinyGuest.LOOP, register(c, I386Registers.EIP));
            assertEquals("OK", c.ask("z1,1000,1"));
            // write watchpoint: stops after the store, reporting the watched address
            assertEquals("OK", c.ask("Z2,2000,4"));
            assertEquals("T05thread:p01.01;watch:2000;", c.ask("c"));
            assertEquals(TinyGuest.INC_EBX, register(c, I386Registers.EIP));
            assertEquals(2, g.memory.read32(TinyGuest.DATA));
            assertEquals("OK", c.ask("z2,2000,4"));
            // an access watchpoint sees the same store
            assertEquals("OK", c.ask("Z4,2002,1"));
            assertEquals("T05thread:p01.01;awatch:2002;", c.ask("c"));
            assertEquals(TinyGuest.INC_EBX, register(c, I386Registers.EIP));
            assertEquals("OK", c.ask("z4,2002,1"));
            // a read watchpoint ignores the store, and fires once the code is patched to a load
            assertEquals("OK", c.ask("Z3,2000,4"));
            assertEquals("OK", c.ask("Z1,1000,1"));
            assertEquals(STOP_TRAP, c.ask("c"), "the store does not trigger a read watchpoint");
            assertEquals("OK", c.ask("z1,1000,1"));
            assertEquals("OK", c.ask("M1001,5:a100200000"));          // mov eax, [0x2000]
            assertEquals("T05thread:p01.01;rwatch:2000;", c.ask("c"));
            assertEquals(TinyGuest.INC_EBX, register(c, I386Registers.EIP));
            assertEquals("OK", c.ask("z3,2000,4"));
            assertEquals("OK", c.ask("M1001,5:a300200000"));          // back to the store
            assertEquals("", c.ask("Z9,2000,4"));
            // continue at an address
            assertEquals("OK", c.ask("Z0,1007,1"));
            assertEquals(STOP_TRAP, c.ask("c1006"));
            assertEquals(TinyGuest.JMP, register(c, I386Registers.EIP));
        }
    }

    @Test
    void aPortProbeChangesNothing() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start()) {
            for (int probe = 0; probe < 3; probe++) {
                new java.net.Socket("127.0.0.1", g.port()).close();
            }
            try (RspClient c = open(g)) {
                assertEquals(STOP_TRAP, c.ask("?"));
                assertEquals(TinyGuest.LOOP, register(c, I386Registers.EIP), "-S: the probes did not start the guest");
                assertEquals(0, register(c, 0));
            }
        }
    }

    @Test
    void ctrlCInterruptsARunningGuest() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start(); RspClient c = open(g)) {
            for (int round = 0; round < 3; round++) {
                int eaxBefore = register(c, 0);
                c.send("vCont;c:p1.-1");
                c.sendRaw(new byte[] {0x03});
                assertEquals("T02thread:p01.01;", c.reply());
                int eip = register(c, I386Registers.EIP);
                assertTrue(eip >= TinyGuest.LOOP && eip <= TinyGuest.JMP, Integer.toHexString(eip));
                assertTrue(register(c, 0) - eaxBefore >= 0);
            }
            // 0x03 while stopped changes nothing: the next step is an ordinary step
            c.sendRaw(new byte[] {0x03});
            assertEquals(STOP_TRAP, c.ask("s"));
        }
    }

    @Test
    void malformedInputIsAnsweredOrIgnoredAndTheSessionGoesOn() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start(); RspClient c = open(g)) {
            // bad checksum: '-', nothing done
            c.sendRaw("$m1000,4#00");
            assertEquals('-', c.readByte());
            // non-hex checksum
            c.sendRaw("$g#zz");
            assertEquals('-', c.readByte());
            // truncated: a new '$' abandons the first packet
            c.sendRaw("$m1000,4#4");
            c.sendRaw(RspClient.frame("qC"));
            assertEquals('-', c.readByte());        // "#4$" is read as a bad checksum
            assertEquals('+', c.readByte());
            assertEquals("QCp01.01", c.reply());
            c.sendRaw("$m100");
            assertEquals("QCp01.01", c.ask("qC"));
            // oversize: dropped, answered '-'
            StringBuilder big = new StringBuilder("$");
            for (int i = 0; i < RspFramer.MAX_RAW + 10; i++) {
                big.append('a');
            }
            c.sendRaw(big.append("#00").toString());
            assertEquals('-', c.readByte());
            // unknown commands: empty reply
            assertEquals("", c.ask("Jfoo"));
            assertEquals("", c.ask("vFrobnicate;1"));
            assertEquals("", c.ask("qNoSuchQuery"));
            assertEquals("", c.ask(""));
            // binary junk between packets: ignored (no '$', no 0x03, no '+'/'-')
            Random rnd = new Random(386);
            byte[] junk = new byte[4096];
            for (int i = 0; i < junk.length; i++) {
                int b;
                do {
                    b = rnd.nextInt(256);
                } while (b == '$' || b == 0x03 || b == '+' || b == '-');
                junk[i] = (byte) b;
            }
            c.sendRaw(junk);
            // malformed escapes and run lengths in a well-summed packet: '-'
            c.sendRaw(RspClient.frame("M2000,1:0}"));
            assertEquals('-', c.readByte());
            c.sendRaw(RspClient.frame("*!"));
            assertEquals('-', c.readByte());
            // the guest still runs and the session still answers
            assertEquals("OK", c.ask("Z0,1006,1"));
            assertEquals(STOP_TRAP, c.ask("c"));
            assertEquals(TinyGuest.INC_EBX, register(c, I386Registers.EIP));
        }
    }

    @Test
    void noAckModeAndRetransmitOnNak() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start(); RspClient c = open(g)) {
            c.send("qC");
            assertEquals("QCp01.01", c.replyUnacknowledged());
            c.sendRaw("-");                         // the reply arrived garbled: the stub sends it again
            assertEquals("QCp01.01", c.reply());
            assertEquals("OK", c.ask("QStartNoAckMode"));
            c.noAck = true;
            assertEquals("QCp01.01", c.ask("qC"));
            c.sendRaw("$qC#00");                    // bad checksum, no-ack mode: silently dropped
            assertEquals("mp01.01", c.ask("qfThreadInfo"));
        }
    }

    @Test
    void oneClientAtATimeAndDisconnectDetaches() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start()) {
            RspClient second;
            try (RspClient c = open(g)) {
                // The second gdb waits in the backlog; its packet is read once the first leaves.
                second = new RspClient(g.port());
                second.sendRaw(RspClient.frame("qC"));
                assertEquals(STOP_TRAP, c.ask("s"));
                assertEquals(1, register(c, 0));
                // Left by the disconnect: detaching drops it.
                assertEquals("OK", c.ask("Z0," + Integer.toHexString(TinyGuest.INC_EBX) + ",1"));
            }
            try (RspClient c = second) {
                assertEquals('+', c.readByte());
                assertEquals("QC01", c.reply());        // no qSupported: thread ids without p
                // The queued qC stopped the guest again at once: whether it ran in between is
                // chance, and so is whether a Ctrl-C right behind a continue lets any instruction
                // retire. The dropped breakpoint is not: the continue runs on (it would stop at
                // INC_EBX within four instructions), and Ctrl-C goes once it has been seen to.
                long before = g.retired();
                c.send("c");
                assertTrue(g.awaitRun(before, 1000), "the continue ran past the breakpoint of the first gdb");
                c.sendRaw(new byte[] {0x03});
                assertEquals("T02thread:01;", c.reply());
                assertNotEquals(1, register(c, 0));
            }
            // Disconnected without D: the guest runs on with no debugger.
            assertTrue(g.awaitRun(g.retired(), 1000), "the guest ran on after the disconnect");
        }
    }

    @Test
    void detachLetsTheGuestRun() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start()) {
            int eax;
            try (RspClient c = open(g)) {
                assertEquals("OK", c.ask("Z0,1006,1"));
                assertEquals(STOP_TRAP, c.ask("c"));
                eax = register(c, 0);
                long before = g.retired();
                assertEquals("OK", c.ask("D;1"));
                // D itself, not the disconnect that follows it, lets the guest go.
                assertTrue(g.awaitRun(before, 1000), "the guest runs after D");
            }
            try (RspClient c = open(g)) {
                // Detach dropped the breakpoint: a continue now only ends by Ctrl-C, sent once the
                // continue has been seen to run (right behind it, it may stop it before any
                // instruction retires).
                long before = g.retired();
                c.send("c");
                assertTrue(g.awaitRun(before, 1000), "the continue ran past the dropped breakpoint");
                c.sendRaw(new byte[] {0x03});
                assertEquals("T02thread:p01.01;", c.reply());
                assertNotEquals(eax, register(c, 0));
            }
        }
    }

    @Test
    void killEndsTheEmulator() throws Exception {
        try (TinyGuest g = new TinyGuest(false).start(); RspClient c = open(g)) {
            assertEquals("OK", c.ask("vKill;1"));
            assertTrue(g.killed.await(20, TimeUnit.SECONDS));
            assertTrue(g.awaitEmulatorEnd());
            assertTrue(g.target.killed());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void kWithoutReply() throws Exception {
        try (TinyGuest g = new TinyGuest(false).start(); RspClient c = open(g)) {
            c.send("k");
            assertTrue(g.killed.await(20, TimeUnit.SECONDS));
            assertTrue(c.closedByPeer());
            assertFalse(g.emulatorAlive() && !g.awaitEmulatorEnd());
        }
    }

    @Test
    void steppingHoldsInterruptsOffAndContinuingTakesThem() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start(); RspClient c = open(g)) {
            assertEquals("OK", c.ask("P9=02020000"));    // EFLAGS.IF
            g.pic.raise();
            int[] expected = {TinyGuest.STORE, TinyGuest.INC_EBX, TinyGuest.JMP, TinyGuest.LOOP};
            for (int pc : expected) {
                assertEquals(STOP_TRAP, c.ask("vCont;s:p1.1;c:p1.-1"));
                assertEquals(pc, register(c, I386Registers.EIP));
            }
            assertEquals(0, g.pic.acknowledged);
            // A continue lets it in: the handler (iret) runs and the loop goes on to the breakpoint.
            assertEquals("OK", c.ask("Z0,1006,1"));
            assertEquals(STOP_TRAP, c.ask("c"));
            assertEquals(1, g.pic.acknowledged);
            assertEquals(TinyGuest.INC_EBX, register(c, I386Registers.EIP));
            assertEquals(TinyGuest.STACK_TOP, register(c, Cpu.ESP));
        }
    }

    @Test
    void registerTableMatchesTheShippedDescription() {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<reg name=\"(\\w+)\" bitsize=\"(\\d+)\"")
                .matcher(I386Registers.document("i386-32bit.xml").replaceAll("(?s)<!--.*?-->", ""));
        int n = 0;
        while (m.find()) {
            assertEquals(I386Registers.name(n), m.group(1), "register " + n);
            assertEquals(I386Registers.size(n) * 8, Integer.parseInt(m.group(2)), "register " + n);
            n++;
        }
        assertEquals(I386Registers.COUNT, n);
    }
}
