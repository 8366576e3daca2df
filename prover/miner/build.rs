//! Compiles the CUDA kernels of `src/gpu/kernels.cu` as host C++ (`src/gpu/host.cpp`), so the tests
//! can run the very same kernel code on the CPU. No CUDA toolkit is involved: the GPU build of the
//! same file happens at run time with NVRTC. Twice: once per field arithmetic (src/gpu/host.cpp).

fn main() {
    println!("cargo:rerun-if-changed=src/gpu/kernels.cu");
    println!("cargo:rerun-if-changed=src/gpu/host.cpp");
    cc::Build::new()
        .cpp(true)
        .std("c++17")
        .file("src/gpu/host.cpp")
        .warnings(true)
        .compile("quarry_gpu_host");
    // The same kernels with every Montgomery product on the emulated 32-bit carry chains.
    cc::Build::new()
        .cpp(true)
        .std("c++17")
        .file("src/gpu/host.cpp")
        .define("QUARRY_CC_ARITH", None)
        .define("QUARRY_HOST_SUFFIX", "_cc")
        .warnings(true)
        .compile("quarry_gpu_host_cc");
}
