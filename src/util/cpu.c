/*
 * cpu.c: the x86 features the fast paths are chosen by, as the C library
 * found them when the process started.
 *
 * glibc (2.33 on) publishes what its start-up cpuid found
 * (<sys/platform/x86.h>).  __builtin_cpu_supports would link libgcc's
 * constructor, which runs cpuid a dozen times more at every start: in a
 * virtual machine each cpuid leaves the guest (about 8.6 us here), so that
 * was ~0.1 ms of every process.
 */
#include "dpg/util.h"

#if defined(__x86_64__) || defined(__i386__)
#if defined(__GLIBC__) && defined(__has_include)
#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
#define HAVE_LIBC_CPU 1
#endif
#endif
#endif

_Atomic unsigned int dpg_cpu_bits;

unsigned int dpg_cpu_init(void)
{
	unsigned int b = DPG_CPU_KNOWN;

#if defined(HAVE_LIBC_CPU)
	if (CPU_FEATURE_ACTIVE(AVX2))
		b |= DPG_CPU_AVX2;
	if (CPU_FEATURE_ACTIVE(SSSE3))
		b |= DPG_CPU_SSSE3;
	if (CPU_FEATURE_ACTIVE(POPCNT))
		b |= DPG_CPU_POPCNT;
#elif defined(__x86_64__) || defined(__i386__)
	if (__builtin_cpu_supports("avx2"))
		b |= DPG_CPU_AVX2;
	if (__builtin_cpu_supports("ssse3"))
		b |= DPG_CPU_SSSE3;
	if (__builtin_cpu_supports("popcnt"))
		b |= DPG_CPU_POPCNT;
#endif
	/* every thread computes the same bits: a race stores them twice */
	atomic_store_explicit(&dpg_cpu_bits, b, memory_order_relaxed);
	return b;
}
