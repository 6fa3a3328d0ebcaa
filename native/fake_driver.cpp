// A stand-in libcuda.so.1 that runs no kernel but checks every launch against the kernel's PTX signature, so
// that the harnesses' launch sites are tested on machines without a GPU (ctest launch_signatures). A stale
// argument list was the harnesses' most likely defect: a kernel gained an argument and a call site kept the old list.
// Per launch it checks, against the PTX of the fatbin's sources (environment LB_FAKE_CUDA_PTX):
//   * the kernel exists and the argument count is exact (callers end kernelParams with a null sentinel);
//   * every .u64 parameter the kernel converts to a global address, and every .u64 value that is not a small
//     integer, points into a live allocation; .f32 values are finite;
//   * block size within the kernel's .maxntid (launch bounds) and 1024; grid dimensions within limits.
// Memory is reserved, not committed (device-to-device copies and large fills are not carried out), so the
// multi-GB benchmark runs here; results read back are meaningless and the harnesses report them as failures.
// At exit it prints "launch signatures: N launches, M mismatches" to stderr, then the kernels never launched.
#include <cuda.h>
#include <sys/mman.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Param { int bytes; bool f32; bool global_pointer; };
struct Kernel { std::string name; std::vector<Param> params; int max_threads = 1024; };

std::map<std::string, Kernel> kernels;
std::map<CUdeviceptr, size_t> allocations;  // base -> bytes
std::set<std::string> launched;
long launches = 0, mismatches = 0;

void mismatch(const std::string& kernel, const std::string& what) {
    mismatches++;
    std::fprintf(stderr, "launch signature MISMATCH %s: %s\n", kernel.c_str(), what.c_str());
}

// Entries of a PTX file: parameter types, which .u64 parameters reach cvta.to.global, and .maxntid.
void load_ptx() {
    const char* path = std::getenv("LB_FAKE_CUDA_PTX");
    if (!path) { std::fprintf(stderr, "fake libcuda: set LB_FAKE_CUDA_PTX to the kernels' PTX\n"); std::exit(2); }
    std::ifstream in(path);
    if (!in) { std::fprintf(stderr, "fake libcuda: cannot read %s\n", path); std::exit(2); }
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string ptx = ss.str();
    const std::regex entry(R"(\.entry\s+(\w+)\s*\(([^)]*)\))");
    const std::regex param(R"(\.param\s+\.(u64|u32|s32|f32|b32|b64|u8|u16)\s+(\w+))");
    for (auto it = std::sregex_iterator(ptx.begin(), ptx.end(), entry); it != std::sregex_iterator(); ++it) {
        Kernel k{(*it)[1]};
        const std::string plist = (*it)[2];
        std::vector<std::string> names;
        for (auto p = std::sregex_iterator(plist.begin(), plist.end(), param); p != std::sregex_iterator(); ++p) {
            const std::string type = (*p)[1];
            k.params.push_back(Param{type == "u64" || type == "b64" ? 8 : type == "u8" ? 1 : type == "u16" ? 2 : 4,
                                     type == "f32", false});
            names.push_back((*p)[2]);
        }
        // The body: up to the next entry.
        const size_t body_begin = (size_t)(it->position() + it->length());
        const size_t body_end = std::min(ptx.size(), ptx.find(".entry", body_begin));
        const std::string body = ptx.substr(body_begin, body_end - body_begin);
        std::smatch m;
        if (std::regex_search(body, m, std::regex(R"(\.maxntid\s+(\d+),\s*(\d+),\s*(\d+))")))
            k.max_threads = std::stoi(m[1]) * std::stoi(m[2]) * std::stoi(m[3]);
        for (size_t i = 0; i < names.size(); i++) {
            const std::regex load("ld\\.param\\.u64\\s+(%rd\\d+),\\s*\\[" + names[i] + "\\];");
            for (auto l = std::sregex_iterator(body.begin(), body.end(), load); l != std::sregex_iterator(); ++l) {
                const std::regex cvta("cvta\\.to\\.global\\.u64\\s+%rd\\d+,\\s*" + (*l)[1].str() + ";");
                if (std::regex_search(body, cvta)) k.params[i].global_pointer = true;
            }
        }
        kernels[k.name] = k;
    }
    if (kernels.empty()) { std::fprintf(stderr, "fake libcuda: no .entry in %s\n", path); std::exit(2); }
}

bool in_allocation(unsigned long long v) {
    auto it = allocations.upper_bound((CUdeviceptr)v);
    if (it == allocations.begin()) return false;
    --it;
    return v >= it->first && v <= it->first + it->second;
}

struct Report {
    ~Report() {
        std::fprintf(stderr, "launch signatures: %ld launches, %ld mismatches (%zu kernels in the PTX)\n", launches,
                     mismatches, kernels.size());
        std::string never;
        for (const auto& k : kernels)
            if (!launched.count(k.first)) never += " " + k.first;
        if (!never.empty()) std::fprintf(stderr, "never launched:%s\n", never.c_str());
    }
} report;

}  // namespace

extern "C" {

CUresult cuInit(unsigned) { load_ptx(); return CUDA_SUCCESS; }
CUresult cuDeviceGetCount(int* n) { *n = 1; return CUDA_SUCCESS; }
CUresult cuDeviceGet(CUdevice* d, int) { *d = 0; return CUDA_SUCCESS; }
CUresult cuDeviceGetName(char* name, int len, CUdevice) {
    std::snprintf(name, len, "fake libcuda (launch signature check, no GPU)");
    return CUDA_SUCCESS;
}
CUresult cuDeviceGetAttribute(int* v, CUdevice_attribute a, CUdevice) {
    switch (a) {
        case CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE: *v = 50 << 20; break;
        case CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: *v = 132; break;
        case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: *v = 9; break;
        default: *v = 0;
    }
    return CUDA_SUCCESS;
}
CUresult cuDevicePrimaryCtxRetain(CUcontext* c, CUdevice) { *c = reinterpret_cast<CUcontext>(0x1); return CUDA_SUCCESS; }
CUresult cuCtxSetCurrent(CUcontext) { return CUDA_SUCCESS; }
CUresult cuCtxSynchronize() { return CUDA_SUCCESS; }
CUresult cuDriverGetVersion(int* v) { *v = 13000; return CUDA_SUCCESS; }
CUresult cuModuleLoadData(CUmodule* m, const void*) { *m = reinterpret_cast<CUmodule>(0x2); return CUDA_SUCCESS; }
CUresult cuModuleGetFunction(CUfunction* f, CUmodule, const char* name) {
    auto it = kernels.find(name);
    if (it == kernels.end()) return CUDA_ERROR_NOT_FOUND;
    *f = reinterpret_cast<CUfunction>(&it->second);
    return CUDA_SUCCESS;
}

CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t bytes) {
    void* m = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) return CUDA_ERROR_OUT_OF_MEMORY;
    *p = (CUdeviceptr)m;
    allocations[*p] = bytes;
    return CUDA_SUCCESS;
}
CUresult cuMemFree_v2(CUdeviceptr p) {
    auto it = allocations.find(p);
    if (it == allocations.end()) return CUDA_ERROR_INVALID_VALUE;
    munmap((void*)p, it->second);
    allocations.erase(it);
    return CUDA_SUCCESS;
}
CUresult cuMemGetInfo_v2(size_t* free_bytes, size_t* total) { *free_bytes = *total = (size_t)141 << 30; return CUDA_SUCCESS; }

static CUresult copy_check(CUdeviceptr p, size_t bytes, const char* what) {
    if (!in_allocation(p) || !in_allocation(p + bytes)) {
        mismatch(what, "copy outside an allocation");
        return CUDA_ERROR_INVALID_VALUE;
    }
    return CUDA_SUCCESS;
}
CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, size_t bytes) {
    if (CUresult r = copy_check(dst, bytes, "cuMemcpyHtoD")) return r;
    std::memcpy((void*)dst, src, bytes);
    return CUDA_SUCCESS;
}
CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, size_t bytes) {
    if (CUresult r = copy_check(src, bytes, "cuMemcpyDtoH")) return r;
    std::memcpy(dst, (const void*)src, bytes);
    return CUDA_SUCCESS;
}
CUresult cuMemcpyDtoD_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes) {
    if (CUresult r = copy_check(dst, bytes, "cuMemcpyDtoD")) return r;
    return copy_check(src, bytes, "cuMemcpyDtoD");
}
CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes, CUstream) {
    return cuMemcpyDtoD_v2(dst, src, bytes);
}
CUresult cuMemsetD8_v2(CUdeviceptr p, unsigned char v, size_t bytes) {
    if (CUresult r = copy_check(p, bytes, "cuMemsetD8")) return r;
    if (bytes <= (64u << 20)) std::memset((void*)p, v, bytes);
    return CUDA_SUCCESS;
}

CUresult cuLaunchKernel(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned, CUstream, void** params, void**) {
    const Kernel& k = *reinterpret_cast<const Kernel*>(f);
    launches++;
    launched.insert(k.name);
    if (gx == 0 || gy == 0 || gz == 0 || gy > 65535 || gz > 65535) mismatch(k.name, "grid dimension 0 or over 65535");
    const unsigned threads = bx * by * bz;
    if (threads == 0 || threads > (unsigned)k.max_threads)
        mismatch(k.name, "block of " + std::to_string(threads) + " threads, launch bounds " + std::to_string(k.max_threads));
    for (size_t i = 0; i < k.params.size(); i++) {
        if (!params[i]) {
            mismatch(k.name, std::to_string(i) + " arguments, the kernel takes " + std::to_string(k.params.size()));
            return CUDA_ERROR_INVALID_VALUE;
        }
        const Param& p = k.params[i];
        const std::string at = "argument " + std::to_string(i) + ": ";
        if (p.bytes == 8) {
            unsigned long long v;
            std::memcpy(&v, params[i], 8);
            if (p.global_pointer && !in_allocation(v)) mismatch(k.name, at + "a global pointer outside every allocation");
            else if (!p.global_pointer && v >= (1ULL << 40) && !in_allocation(v))
                mismatch(k.name, at + "a 64-bit value that is neither an allocation nor a plausible integer");
        } else if (p.f32) {
            float v;
            std::memcpy(&v, params[i], 4);
            if (!std::isfinite(v)) mismatch(k.name, at + "a non-finite float");
        }
    }
    if (params[k.params.size()] != nullptr)
        mismatch(k.name, "more arguments than the kernel's " + std::to_string(k.params.size()));
    return CUDA_SUCCESS;
}

// What the Java backend (JCuda) calls besides: so that its launches can be checked the same way (FakeDriverLaunches).
CUresult cuDevicePrimaryCtxRelease_v2(CUdevice) { return CUDA_SUCCESS; }
CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice) { *bytes = (size_t)141 << 30; return CUDA_SUCCESS; }
CUresult cuModuleUnload(CUmodule) { return CUDA_SUCCESS; }
CUresult cuStreamDestroy_v2(CUstream) { return CUDA_SUCCESS; }
CUresult cuMemAllocHost_v2(void** p, size_t bytes) { *p = std::malloc(bytes); return *p ? CUDA_SUCCESS : CUDA_ERROR_OUT_OF_MEMORY; }
CUresult cuMemFreeHost(void* p) { std::free(p); return CUDA_SUCCESS; }
CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void* src, size_t bytes, CUstream) { return cuMemcpyHtoD_v2(dst, src, bytes); }
CUresult cuMemsetD8Async(CUdeviceptr p, unsigned char v, size_t bytes, CUstream) { return cuMemsetD8_v2(p, v, bytes); }
CUresult cuMemsetD32Async(CUdeviceptr p, unsigned v, size_t count, CUstream) {
    if (CUresult r = copy_check(p, 4 * count, "cuMemsetD32Async")) return r;
    if (count <= (16u << 20)) std::fill((unsigned*)p, (unsigned*)p + count, v);
    return CUDA_SUCCESS;
}

CUresult cuStreamCreate(CUstream* s, unsigned) { *s = reinterpret_cast<CUstream>(0x3); return CUDA_SUCCESS; }
CUresult cuStreamSynchronize(CUstream) { return CUDA_SUCCESS; }
CUresult cuEventCreate(CUevent* e, unsigned) { *e = reinterpret_cast<CUevent>(0x4); return CUDA_SUCCESS; }
CUresult cuEventRecord(CUevent, CUstream) { return CUDA_SUCCESS; }
CUresult cuEventSynchronize(CUevent) { return CUDA_SUCCESS; }
CUresult cuEventQuery(CUevent) { return CUDA_ERROR_NOT_READY; }
CUresult cuEventElapsedTime(float* ms, CUevent, CUevent) { *ms = 0.001f; return CUDA_SUCCESS; }
CUresult cuGetErrorString(CUresult, const char** s) { *s = "fake libcuda"; return CUDA_SUCCESS; }

}  // extern "C"
