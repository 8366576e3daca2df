// The GPU kernels of kernels.cu compiled for the host CPU: `quarry_gpu_host_launch` runs a kernel's
// thread body once per thread index, in order. Used by the tests (and `HostExecutor`) to check the
// kernels and the launch sequence bit-exactly against the Rust reference without a GPU.
#include "kernels.cu"

typedef void (*Body)(const Job &, u64);

#define QUARRY_BODY_ENTRY(name) body_##name,
static const Body BODIES[] = {QUARRY_KERNELS(QUARRY_BODY_ENTRY)};

extern "C" int quarry_gpu_host_launch(u32 kernel, const Job *job, u64 threads) {
    if (kernel >= sizeof(BODIES) / sizeof(BODIES[0])) return -1;
    for (u64 t = 0; t < threads; t++) BODIES[kernel](*job, t);
    return 0;
}

extern "C" u64 quarry_gpu_host_job_size(void) { return sizeof(Job); }
