package dev.lightbulb.backend.cuda;

import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

/**
 * The plain addresses behind JCuda's handles, for a library that takes them as numbers (JavaCPP's cuBLAS).
 * JCuda keeps a pointer's base and its byte offset apart and lets only subclasses read them.
 */
final class RawAddress {
    private RawAddress() {}

    /** The device address a {@link CUdeviceptr} names, its byte offset included. */
    static long of(CUdeviceptr p) {
        return new PointerView(p).address();
    }

    /** The {@code CUstream} handle, which the runtime API (cuBLAS) takes as a {@code cudaStream_t}. */
    static long of(CUstream s) {
        return new HandleView(s).address();
    }

    private static final class PointerView extends Pointer {
        PointerView(Pointer p) { super(p); }
        long address() { return getNativePointer() + getByteOffset(); }
    }

    private static final class HandleView extends NativePointerObject {
        HandleView(NativePointerObject o) { super(o); }
        long address() { return getNativePointer(); }
    }
}
