// libFuzzer's entry point for programs that have their own main (LLVM >= 11). Only referenced when
// the fuzz targets are built with -sanitize=fuzzer -DFUZZING, which links libFuzzer; declared here
// because Swift cannot declare a C function by itself.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
