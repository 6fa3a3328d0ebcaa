package dev.lightbulb.backend.cuda;

import jcuda.NativePointerObject;
import jcuda.Pointer;

import java.util.ArrayList;
import java.util.List;

/** The argument list of one kernel launch, in the kernel's parameter order (pointers, ints, longs, floats). */
final class KernelArgs {
    private final List<NativePointerObject> args = new ArrayList<>();

    KernelArgs ptr(Pointer devicePointer) { args.add(Pointer.to(devicePointer)); return this; }
    KernelArgs i32(int v) { args.add(Pointer.to(new int[] {v})); return this; }
    KernelArgs i64(long v) { args.add(Pointer.to(new long[] {v})); return this; }
    KernelArgs f32(float v) { args.add(Pointer.to(new float[] {v})); return this; }

    /**
     * The kernelParams array, ending with a null entry after the last argument: the driver reads only as many entries
     * as the kernel has parameters, and the stand-in driver of native/fake_driver.cpp checks the count by it.
     */
    Pointer toPointer() {
        NativePointerObject[] all = args.toArray(new NativePointerObject[args.size() + 1]);
        all[args.size()] = new Pointer();
        return Pointer.to(all);
    }
}
