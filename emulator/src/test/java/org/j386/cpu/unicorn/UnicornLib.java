package org.j386.cpu.unicorn;

import com.sun.jna.Callback;
import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * JNA binding of libunicorn (Unicorn 2.0.1). The per-instruction calls are direct-mapped
 * ({@link Native#register}): about 20x faster than interface mapping (toolchain.md 3, Speed).
 * The two variadic functions, {@code uc_hook_add} and {@code uc_ctl}, cannot be direct-mapped;
 * they are called through {@link Function} and only at setup.
 *
 * <p>{@link #load()} throws {@link UnsatisfiedLinkError} when the library is missing; callers
 * turn that into a loud test skip.
 */
final class UnicornLib {
    private UnicornLib() { }

    private static NativeLibrary library;

    /** Loads libunicorn once (the Debian package installs only {@code libunicorn.so.2} at run time). */
    static synchronized void load() {
        if (library != null) {
            return;
        }
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance("unicorn");
        } catch (UnsatisfiedLinkError e) {
            lib = NativeLibrary.getInstance("libunicorn.so.2");
        }
        Native.register(UnicornLib.class, lib);
        library = lib;
    }

    /** {@code uc_open(arch, mode, &uc)}: {@code ucOut} is 8 bytes that receive the handle. */
    static native int uc_open(int arch, int mode, Pointer ucOut);
    static native int uc_close(Pointer uc);
    static native int uc_mem_map(Pointer uc, long address, long size, int perms);
    static native int uc_mem_write(Pointer uc, long address, byte[] bytes, long size);
    static native int uc_mem_read(Pointer uc, long address, byte[] bytes, long size);
    static native int uc_reg_write_batch(Pointer uc, Pointer regs, Pointer vals, int count);
    static native int uc_reg_read_batch(Pointer uc, Pointer regs, Pointer vals, int count);
    static native int uc_reg_write(Pointer uc, int regid, Pointer value);
    static native int uc_reg_read(Pointer uc, int regid, Pointer value);
    static native int uc_emu_start(Pointer uc, long begin, long until, long timeout, long count);
    static native int uc_emu_stop(Pointer uc);
    static native String uc_strerror(int code);
    /** {@code uc_context_alloc(uc, &context)}: {@code ctxOut} is 8 bytes that receive the handle. */
    static native int uc_context_alloc(Pointer uc, Pointer ctxOut);
    static native int uc_context_save(Pointer uc, Pointer context);
    static native int uc_context_restore(Pointer uc, Pointer context);

    /** {@code uc_hook_add(uc, &hh, type, callback, user_data, begin, end, ...)}. */
    static int uc_hook_add(Pointer uc, Pointer hookHandle, int type, Callback callback, Object... extra) {
        Object[] args = new Object[7 + extra.length];
        args[0] = uc;
        args[1] = hookHandle;
        args[2] = type;
        args[3] = callback;
        args[4] = Pointer.NULL;
        args[5] = 1L;   // begin > end: the hook covers all addresses (unicorn.h, uc_hook_add)
        args[6] = 0L;
        System.arraycopy(extra, 0, args, 7, extra.length);
        return library.getFunction("uc_hook_add").invokeInt(args);
    }

    /** {@code uc_ctl(uc, control, ...)}. */
    static int uc_ctl(Pointer uc, int control, Object... args) {
        Object[] all = new Object[2 + args.length];
        all[0] = uc;
        all[1] = control;
        System.arraycopy(args, 0, all, 2, args.length);
        return library.getFunction("uc_ctl").invokeInt(all);
    }

    /** {@code void (*uc_cb_hookintr_t)(uc_engine *uc, uint32_t intno, void *user_data)}. */
    interface IntrHook extends Callback {
        void invoke(Pointer uc, int intno, Pointer user);
    }

    /** {@code uint32_t (*uc_cb_insn_in_t)(uc_engine *uc, uint32_t port, int size, void *user_data)}. */
    interface InHook extends Callback {
        int invoke(Pointer uc, int port, int size, Pointer user);
    }

    /** {@code void (*uc_cb_insn_out_t)(uc_engine *uc, uint32_t port, int size, uint32_t value, void *user_data)}. */
    interface OutHook extends Callback {
        void invoke(Pointer uc, int port, int size, int value, Pointer user);
    }

    /** {@code int (*uc_cb_insn_cpuid_t)(uc_engine *uc, void *user_data)}. */
    interface CpuidHook extends Callback {
        int invoke(Pointer uc, Pointer user);
    }
}
