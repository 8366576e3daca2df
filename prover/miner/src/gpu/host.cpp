// The GPU kernels of kernels.cu compiled for the host CPU: `quarry_gpu_host_launch` runs a kernel's
// thread body once per thread index, in order. Used by the tests (and `HostExecutor`) to check the
// kernels and the launch sequence bit-exactly against the Rust reference without a GPU.
// build.rs compiles this file twice: as is, and with -DQUARRY_CC_ARITH -DQUARRY_HOST_SUFFIX=_cc,
// where every Montgomery product runs on the emulated 32-bit carry chains of f_mul_cc (the
// arithmetic QUARRY_PTX_ARITH selects on a GPU), so the whole launch sequence is tested on both.
#include "kernels.cu"

#ifndef QUARRY_HOST_SUFFIX
#define QUARRY_HOST_SUFFIX
#endif
#define QUARRY_CAT2(a, b) a##b
#define QUARRY_CAT(a, b) QUARRY_CAT2(a, b)

typedef void (*Body)(const Job &, u64);

#define QUARRY_BODY_ENTRY(name) body_##name,
static const Body BODIES[] = {QUARRY_KERNELS(QUARRY_BODY_ENTRY)};

extern "C" int QUARRY_CAT(quarry_gpu_host_launch, QUARRY_HOST_SUFFIX)(u32 kernel, const Job *job,
                                                                      u64 threads) {
    if (kernel >= sizeof(BODIES) / sizeof(BODIES[0])) return -1;
    for (u64 t = 0; t < threads; t++) BODIES[kernel](*job, t);
    return 0;
}

extern "C" u64 QUARRY_CAT(quarry_gpu_host_job_size, QUARRY_HOST_SUFFIX)(void) { return sizeof(Job); }
