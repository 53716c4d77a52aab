//go:build openbsd

#include "textflag.h"

// Trampolines to the libc.so functions of zsyscall_openbsd_shm.go, one
// pointer wide (PTRSIZE) as in zsyscall_openbsd.s.

#ifdef GOARCH_386
#define PTRSIZE 4
#endif
#ifdef GOARCH_arm
#define PTRSIZE 4
#endif
#ifndef PTRSIZE
#define PTRSIZE 8
#endif

TEXT libc_shm_open_trampoline<>(SB),NOSPLIT,$0-0
	JMP	libc_shm_open(SB)
GLOBL	·libc_shm_open_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_shm_open_trampoline_addr(SB)/PTRSIZE, $libc_shm_open_trampoline<>(SB)

TEXT libc_shm_unlink_trampoline<>(SB),NOSPLIT,$0-0
	JMP	libc_shm_unlink(SB)
GLOBL	·libc_shm_unlink_trampoline_addr(SB), RODATA, $PTRSIZE
DATA	·libc_shm_unlink_trampoline_addr(SB)/PTRSIZE, $libc_shm_unlink_trampoline<>(SB)
