//go:build openbsd

#include "textflag.h"

// Trampolines to the libc.so functions of zsyscall_openbsd.go: a jump to
// the dynamically imported symbol, and a variable holding its address for
// the runtime's call gates, one pointer wide (PTRSIZE).

#ifdef GOARCH_386
#define PTRSIZE 4
#endif
#ifdef GOARCH_arm
#define PTRSIZE 4
#endif
#ifndef PTRSIZE
#define PTRSIZE 8
#endif

TEXT libc_mmap_trampoline<>(SB),NOSPLIT,$0-0
	JMP	libc_mmap(SB)
GLOBL	·libc_mmap_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_mmap_trampoline_addr(SB)/PTRSIZE, $libc_mmap_trampoline<>(SB)

TEXT libc_munmap_trampoline<>(SB),NOSPLIT,$0-0
	JMP	libc_munmap(SB)
GLOBL	·libc_munmap_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_munmap_trampoline_addr(SB)/PTRSIZE, $libc_munmap_trampoline<>(SB)

TEXT libc_mprotect_trampoline<>(SB),NOSPLIT,$0-0
	JMP	libc_mprotect(SB)
GLOBL	·libc_mprotect_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_mprotect_trampoline_addr(SB)/PTRSIZE, $libc_mprotect_trampoline<>(SB)

TEXT libc_msync_trampoline<>(SB),NOSPLIT,$0-0
	JMP	libc_msync(SB)
GLOBL	·libc_msync_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_msync_trampoline_addr(SB)/PTRSIZE, $libc_msync_trampoline<>(SB)

TEXT libc_madvise_trampoline<>(SB),NOSPLIT,$0-0
	JMP	libc_madvise(SB)
GLOBL	·libc_madvise_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_madvise_trampoline_addr(SB)/PTRSIZE, $libc_madvise_trampoline<>(SB)

TEXT libc_mlock_trampoline<>(SB),NOSPLIT,$0-0
	JMP	libc_mlock(SB)
GLOBL	·libc_mlock_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_mlock_trampoline_addr(SB)/PTRSIZE, $libc_mlock_trampoline<>(SB)

TEXT libc_munlock_trampoline<>(SB),NOSPLIT,$0-0
	JMP	libc_munlock(SB)
GLOBL	·libc_munlock_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_munlock_trampoline_addr(SB)/PTRSIZE, $libc_munlock_trampoline<>(SB)

TEXT libc_fcntl_trampoline<>(SB),NOSPLIT,$0-0
	JMP	libc_fcntl(SB)
GLOBL	·libc_fcntl_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_fcntl_trampoline_addr(SB)/PTRSIZE, $libc_fcntl_trampoline<>(SB)
