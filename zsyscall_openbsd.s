//go:build openbsd

#include "textflag.h"

// Trampolines to the libc.so functions of zsyscall_openbsd.go: a jump to
// the dynamically imported symbol (TRAMPOLINE), and a variable holding its
// address for the runtime's call gates, one pointer wide (PTRSIZE).

#include "zsyscall_openbsd.h"

TEXT libc_mmap_trampoline<>(SB),NOSPLIT,$0-0
	TRAMPOLINE(libc_mmap)
GLOBL	·libc_mmap_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_mmap_trampoline_addr(SB)/PTRSIZE, $libc_mmap_trampoline<>(SB)

TEXT libc_munmap_trampoline<>(SB),NOSPLIT,$0-0
	TRAMPOLINE(libc_munmap)
GLOBL	·libc_munmap_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_munmap_trampoline_addr(SB)/PTRSIZE, $libc_munmap_trampoline<>(SB)

TEXT libc_mprotect_trampoline<>(SB),NOSPLIT,$0-0
	TRAMPOLINE(libc_mprotect)
GLOBL	·libc_mprotect_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_mprotect_trampoline_addr(SB)/PTRSIZE, $libc_mprotect_trampoline<>(SB)

TEXT libc_msync_trampoline<>(SB),NOSPLIT,$0-0
	TRAMPOLINE(libc_msync)
GLOBL	·libc_msync_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_msync_trampoline_addr(SB)/PTRSIZE, $libc_msync_trampoline<>(SB)

TEXT libc_madvise_trampoline<>(SB),NOSPLIT,$0-0
	TRAMPOLINE(libc_madvise)
GLOBL	·libc_madvise_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_madvise_trampoline_addr(SB)/PTRSIZE, $libc_madvise_trampoline<>(SB)

TEXT libc_mlock_trampoline<>(SB),NOSPLIT,$0-0
	TRAMPOLINE(libc_mlock)
GLOBL	·libc_mlock_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_mlock_trampoline_addr(SB)/PTRSIZE, $libc_mlock_trampoline<>(SB)

TEXT libc_munlock_trampoline<>(SB),NOSPLIT,$0-0
	TRAMPOLINE(libc_munlock)
GLOBL	·libc_munlock_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_munlock_trampoline_addr(SB)/PTRSIZE, $libc_munlock_trampoline<>(SB)

TEXT libc_fcntl_trampoline<>(SB),NOSPLIT,$0-0
	TRAMPOLINE(libc_fcntl)
GLOBL	·libc_fcntl_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_fcntl_trampoline_addr(SB)/PTRSIZE, $libc_fcntl_trampoline<>(SB)
