package org.j386.gdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The register numbering gdb uses for QEMU's i386 target: the order of {@code i386-32bit.xml}
 * (shipped as a resource, the file QEMU 7.2 serves, FSF all-permissive licence) and of QEMU's
 * {@code x86_cpu_gdb_read_register} for a 32-bit CPU. {@code g} is these 50 registers in order,
 * each in target (little-endian) byte order: 344 bytes.
 *
 * <pre>
 *  0-7   eax ecx edx ebx esp ebp esi edi     32 bits
 *  8     eip                                 32
 *  9     eflags                              32
 * 10-15  cs ss ds es fs gs                   32 (selectors)
 * 16-18  fs_base gs_base k_gs_base           32
 * 19-24  cr0 cr2 cr3 cr4 cr8 efer            32
 * 25-32  st0-st7                             80
 * 33-40  fctrl fstat ftag fiseg fioff foseg fooff fop   32
 * 41-48  xmm0-xmm7                           128
 * 49     mxcsr                               32
 * </pre>
 */
public final class I386Registers {
    public static final int EAX = 0;
    public static final int EIP = 8;
    public static final int EFLAGS = 9;
    /** First of the six selectors, in gdb's order cs ss ds es fs gs. */
    public static final int CS = 10;
    public static final int FS_BASE = 16;
    public static final int GS_BASE = 17;
    public static final int K_GS_BASE = 18;
    public static final int CR0 = 19;
    public static final int CR2 = 20;
    public static final int CR3 = 21;
    public static final int CR4 = 22;
    public static final int CR8 = 23;
    public static final int EFER = 24;
    public static final int ST0 = 25;
    public static final int FCTRL = 33;
    public static final int FTAG = 35;
    public static final int XMM0 = 41;
    public static final int MXCSR = 49;
    public static final int COUNT = 50;

    /** x87 control word and MXCSR after reset, as QEMU reports them (SDM Vol. 1 8.1.5, 10.2.3). */
    public static final int FCTRL_RESET = 0x037F;
    public static final int MXCSR_RESET = 0x1F80;

    private static final String[] NAMES = {
        "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
        "eip", "eflags",
        "cs", "ss", "ds", "es", "fs", "gs",
        "fs_base", "gs_base", "k_gs_base",
        "cr0", "cr2", "cr3", "cr4", "cr8", "efer",
        "st0", "st1", "st2", "st3", "st4", "st5", "st6", "st7",
        "fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop",
        "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
        "mxcsr",
    };

    /** The two documents gdb fetches with {@code qXfer:features:read}. */
    public static final String TARGET_XML = "target.xml";
    public static final String CORE_XML = "i386-32bit.xml";

    private static final String TARGET_XML_TEXT = resource(TARGET_XML);
    private static final String CORE_XML_TEXT = resource(CORE_XML);

    private I386Registers() {
    }

    public static String name(int n) {
        return NAMES[n];
    }

    /** Size in bytes of register {@code n}. */
    public static int size(int n) {
        if (n >= ST0 && n < FCTRL) {
            return 10;
        }
        if (n >= XMM0 && n < MXCSR) {
            return 16;
        }
        return 4;
    }

    /** Total size of a {@code g} reply in bytes. */
    public static int totalSize() {
        int total = 0;
        for (int n = 0; n < COUNT; n++) {
            total += size(n);
        }
        return total;
    }

    /** A target description document by name, or null. */
    public static String document(String annex) {
        return switch (annex) {
            case TARGET_XML -> TARGET_XML_TEXT;
            case CORE_XML -> CORE_XML_TEXT;
            default -> null;
        };
    }

    private static String resource(String name) {
        try (InputStream in = I386Registers.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("I386Registers: resource " + name + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
