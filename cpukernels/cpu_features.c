/* What the CPU can run, asked without AVX-512 code in this file (it runs on every x86-64 machine). */
#include "lightbulb_cpu.h"

#define LB_CPU_ABI_VERSION 2

int lb_cpu_available(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

int lb_cpu_abi_version(void) { return LB_CPU_ABI_VERSION; }
