// cuBLAS, loaded at run time (dlopen) as the in-process baseline of the kernel timings: the harness builds
// on machines whose toolkit has no cuBLAS headers or library, and runs without it (the caller prints SKIP).
// The few prototypes and enum values are declared here; the values are those of cublas_api.h (CUDA 12 and
// 13: CUBLAS_OP_N 0, CUBLAS_OP_T 1, CUBLAS_COMPUTE_32F 68, CUBLAS_GEMM_DEFAULT -1) and library_types.h
// (checked against the toolkit's header below).
#pragma once
#include <library_types.h>
#include <string>
#include <vector>
#include "cuda_driver.hpp"

namespace cublas {

using Handle = void*;
using Status = int;  // cublasStatus_t; 0 = CUBLAS_STATUS_SUCCESS
constexpr int OP_N = 0, OP_T = 1;
constexpr int R_32F = 0, R_16F = 2, R_16BF = 14;  // cudaDataType
constexpr int COMPUTE_32F = 68;                   // cublasComputeType_t
constexpr int GEMM_DEFAULT = -1;                  // cublasGemmAlgo_t
static_assert(R_32F == CUDA_R_32F && R_16F == CUDA_R_16F && R_16BF == CUDA_R_16BF, "library_types.h values");

struct Library {
    Status (*Create)(Handle*) = nullptr;
    Status (*Destroy)(Handle) = nullptr;
    Status (*SetStream)(Handle, CUstream) = nullptr;
    Status (*GetVersion)(Handle, int*) = nullptr;
    Status (*GemmEx)(Handle, int transa, int transb, int m, int n, int k, const void* alpha, const void* A, int Atype,
                     int lda, const void* B, int Btype, int ldb, const void* beta, void* C, int Ctype, int ldc,
                     int computeType, int algo) = nullptr;
    std::string path;  // what was loaded

    // Tries `explicit_path` (a file, if given), then the CUDA 13 and 12 sonames through the loader's search path,
    // then those names in `toolkit_dirs`. Empty string on success, else every attempt and why it failed.
    std::string load(const std::string& explicit_path, const std::vector<std::string>& toolkit_dirs) {
        std::vector<std::string> tries;
        if (!explicit_path.empty()) tries.push_back(explicit_path);
        for (const char* soname : {"libcublas.so.13", "libcublas.so.12"}) tries.push_back(soname);
        for (const auto& dir : toolkit_dirs)
            if (!dir.empty())
                for (const char* soname : {"libcublas.so.13", "libcublas.so.12"}) tries.push_back(dir + "/" + soname);
        std::string why;
        for (const auto& name : tries) {
            // A pip wheel keeps libcublasLt next to libcublas: load it first so libcublas finds it whatever RUNPATH says.
            const size_t slash = name.rfind('/'), so = name.rfind(".so");
            if (slash != std::string::npos && so != std::string::npos && so > slash) {
                const std::string lt = name.substr(0, slash) + "/libcublasLt" + name.substr(so);
                dlopen(lt.c_str(), RTLD_NOW | RTLD_GLOBAL);
            }
            void* h = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (!h) {
                const char* e = dlerror();
                why += "\n    " + (e ? std::string(e) : name + ": not loadable");
                continue;
            }
            std::string missing;
            auto sym = [&](auto& fn, const char* s) { dl_symbol(h, fn, s, missing); };
            sym(Create, "cublasCreate_v2");
            sym(Destroy, "cublasDestroy_v2");
            sym(SetStream, "cublasSetStream_v2");
            sym(GetVersion, "cublasGetVersion_v2");
            sym(GemmEx, "cublasGemmEx");
            if (missing.empty()) {
                path = name;
                return "";
            }
            why += "\n    " + name + " lacks" + missing;
        }
        return "no usable cuBLAS:" + why;
    }
};

}  // namespace cublas
