//go:build openbsd

#include "textflag.h"

// Trampolines to the libc.so functions of zsyscall_openbsd_shm.go, written
// with the macros of zsyscall_openbsd.h as in zsyscall_openbsd.s
// (TRAMPOLINE calls and returns on openbsd/ppc64, jumps elsewhere).

#include "zsyscall_openbsd.h"

TEXT libc_shm_open_trampoline<>(SB),NOSPLIT,$0-0
	TRAMPOLINE(libc_shm_open)
GLOBL	·libc_shm_open_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_shm_open_trampoline_addr(SB)/PTRSIZE, $libc_shm_open_trampoline<>(SB)

TEXT libc_shm_unlink_trampoline<>(SB),NOSPLIT,$0-0
	TRAMPOLINE(libc_shm_unlink)
GLOBL	·libc_shm_unlink_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_shm_unlink_trampoline_addr(SB)/PTRSIZE, $libc_shm_unlink_trampoline<>(SB)
