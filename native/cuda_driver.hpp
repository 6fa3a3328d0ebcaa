// The CUDA driver API, loaded at run time from libcuda.so.1 (dlopen), so the harness builds and links
// on machines with a toolkit but no driver (CI); cuda.h supplies only the types.
#pragma once
#include <cuda.h>
#include <dlfcn.h>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

// Looks `name` up in a dlopen handle into the function pointer `fn`; an absent symbol is appended to `missing`.
template <class Fn>
void dl_symbol(void* handle, Fn& fn, const char* name, std::string& missing) {
    fn = reinterpret_cast<Fn>(dlsym(handle, name));
    if (!fn) missing += std::string(" ") + name;
}

struct CudaDriver {
    CUresult (*Init)(unsigned);
    CUresult (*DeviceGetCount)(int*);
    CUresult (*DeviceGet)(CUdevice*, int);
    CUresult (*DeviceGetName)(char*, int, CUdevice);
    CUresult (*DeviceGetAttribute)(int*, CUdevice_attribute, CUdevice);
    CUresult (*DevicePrimaryCtxRetain)(CUcontext*, CUdevice);
    CUresult (*CtxSetCurrent)(CUcontext);
    CUresult (*CtxSynchronize)();
    CUresult (*ModuleLoadData)(CUmodule*, const void*);
    CUresult (*ModuleGetFunction)(CUfunction*, CUmodule, const char*);
    CUresult (*MemAlloc)(CUdeviceptr*, size_t);
    CUresult (*MemFree)(CUdeviceptr);
    CUresult (*MemcpyHtoD)(CUdeviceptr, const void*, size_t);
    CUresult (*MemcpyDtoH)(void*, CUdeviceptr, size_t);
    CUresult (*MemcpyDtoD)(CUdeviceptr, CUdeviceptr, size_t);
    CUresult (*MemsetD8)(CUdeviceptr, unsigned char, size_t);
    CUresult (*MemcpyDtoDAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
    CUresult (*MemGetInfo)(size_t*, size_t*);
    CUresult (*StreamCreate)(CUstream*, unsigned);
    CUresult (*StreamSynchronize)(CUstream);
    CUresult (*DriverGetVersion)(int*);
    CUresult (*LaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                             CUstream, void**, void**);
    CUresult (*EventCreate)(CUevent*, unsigned);
    CUresult (*EventRecord)(CUevent, CUstream);
    CUresult (*EventSynchronize)(CUevent);
    CUresult (*EventQuery)(CUevent);
    CUresult (*EventElapsedTime)(float*, CUevent, CUevent);
    CUresult (*GetErrorString)(CUresult, const char**);

    // Loads the driver; returns an explanation instead of aborting when there is none.
    std::string load() {
        void* h = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
        if (!h) return std::string("no CUDA driver (libcuda.so.1): ") + dlerror();
        std::string missing;
        auto sym = [&](auto& fn, const char* name) { dl_symbol(h, fn, name, missing); };
        sym(Init, "cuInit");
        sym(DeviceGetCount, "cuDeviceGetCount");
        sym(DeviceGet, "cuDeviceGet");
        sym(DeviceGetName, "cuDeviceGetName");
        sym(DeviceGetAttribute, "cuDeviceGetAttribute");
        sym(DevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain");
        sym(CtxSetCurrent, "cuCtxSetCurrent");
        sym(CtxSynchronize, "cuCtxSynchronize");
        sym(ModuleLoadData, "cuModuleLoadData");
        sym(ModuleGetFunction, "cuModuleGetFunction");
        sym(MemAlloc, "cuMemAlloc_v2");
        sym(MemFree, "cuMemFree_v2");
        sym(MemcpyHtoD, "cuMemcpyHtoD_v2");
        sym(MemcpyDtoH, "cuMemcpyDtoH_v2");
        sym(MemcpyDtoD, "cuMemcpyDtoD_v2");
        sym(MemsetD8, "cuMemsetD8_v2");
        sym(MemcpyDtoDAsync, "cuMemcpyDtoDAsync_v2");
        sym(MemGetInfo, "cuMemGetInfo_v2");
        sym(StreamCreate, "cuStreamCreate");
        sym(StreamSynchronize, "cuStreamSynchronize");
        sym(DriverGetVersion, "cuDriverGetVersion");
        sym(LaunchKernel, "cuLaunchKernel");
        sym(EventCreate, "cuEventCreate");
        sym(EventRecord, "cuEventRecord");
        sym(EventSynchronize, "cuEventSynchronize");
        sym(EventQuery, "cuEventQuery");
        // cuda.h (CUDA 12.8+) maps cuEventElapsedTime to _v2; older drivers have only the first version.
        EventElapsedTime = reinterpret_cast<decltype(EventElapsedTime)>(dlsym(h, "cuEventElapsedTime_v2"));
        if (!EventElapsedTime) sym(EventElapsedTime, "cuEventElapsedTime");
        sym(GetErrorString, "cuGetErrorString");
        if (!missing.empty()) return "libcuda.so.1 lacks:" + missing;
        return "";
    }

    void check(CUresult r, const char* what) const {
        if (r == CUDA_SUCCESS) return;
        const char* msg = "?";
        if (GetErrorString) GetErrorString(r, &msg);
        std::fprintf(stderr, "CUDA error %d (%s) in %s\n", (int)r, msg, what);
        std::exit(1);
    }
};

// The driver, one context on device 0 and the fatbin's module; the harness's whole GPU state.
struct Gpu {
    CudaDriver cu;
    CUdevice device = 0;
    CUmodule module = nullptr;
    std::string name;

    // Empty string on success, else why the GPU is not usable (the caller skips with that message).
    std::string open(const std::string& fatbin_path) {
        std::string err = cu.load();
        if (!err.empty()) return err;
        if (cu.Init(0) != CUDA_SUCCESS) return "cuInit failed: no usable GPU";
        int count = 0;
        cu.DeviceGetCount(&count);
        if (count == 0) return "no CUDA device";
        CUcontext ctx;
        cu.check(cu.DeviceGet(&device, 0), "cuDeviceGet");
        char buf[256];
        cu.DeviceGetName(buf, sizeof buf, device);
        name = buf;
        cu.check(cu.DevicePrimaryCtxRetain(&ctx, device), "cuDevicePrimaryCtxRetain");
        cu.check(cu.CtxSetCurrent(ctx), "cuCtxSetCurrent");
        FILE* f = std::fopen(fatbin_path.c_str(), "rb");
        if (!f) return "cannot read " + fatbin_path;
        std::vector<char> image;
        char chunk[1 << 16];
        size_t got;
        while ((got = std::fread(chunk, 1, sizeof chunk, f)) > 0) image.insert(image.end(), chunk, chunk + got);
        std::fclose(f);
        cu.check(cu.ModuleLoadData(&module, image.data()), "cuModuleLoadData");
        return "";
    }

    int attribute(CUdevice_attribute a) {
        int v = 0;
        cu.check(cu.DeviceGetAttribute(&v, a, device), "cuDeviceGetAttribute");
        return v;
    }

    CUfunction fn(const char* name_) {
        CUfunction f;
        cu.check(cu.ModuleGetFunction(&f, module, name_), name_);
        return f;
    }

    template <class T>
    CUdeviceptr upload(const std::vector<T>& host) {
        CUdeviceptr p;
        cu.check(cu.MemAlloc(&p, host.size() * sizeof(T) + 16), "cuMemAlloc");
        cu.check(cu.MemcpyHtoD(p, host.data(), host.size() * sizeof(T)), "cuMemcpyHtoD");
        return p;
    }

    // An output buffer filled with 0xFF bytes (NaN floats, -1 ints), so unwritten elements show.
    CUdeviceptr poisoned(size_t bytes) {
        CUdeviceptr p;
        cu.check(cu.MemAlloc(&p, bytes + 16), "cuMemAlloc");
        cu.check(cu.MemsetD8(p, 0xFF, bytes), "cuMemsetD8");
        return p;
    }

    template <class T>
    std::vector<T> download(CUdeviceptr p, size_t count) {
        std::vector<T> host(count);
        cu.check(cu.MemcpyDtoH(host.data(), p, count * sizeof(T)), "cuMemcpyDtoH");
        return host;
    }

    void free(CUdeviceptr p) { cu.MemFree(p); }

    // Launches and waits; args are pointers to each kernel argument, in order.
    void launch(CUfunction f, unsigned gx, unsigned gy, unsigned block, std::vector<void*> args,
                const char* what) {
        args.push_back(nullptr);  // the driver reads only the kernel's arguments; native/fake_driver.cpp checks the count
        cu.check(cu.LaunchKernel(f, gx, gy, 1, block, 1, 1, 0, nullptr, args.data(), nullptr), what);
        cu.check(cu.CtxSynchronize(), what);
    }
};
