//go:build linux && amd64

#include "textflag.h"

// func rawSyscallNoBlock(trap, a1, a2, a3, a4, a5, a6 uintptr) (r1, errno uintptr)
//
// The Linux x86-64 system call convention: number in AX, arguments in DI,
// SI, DX, R10, R8, R9; the kernel returns -errno (-4095..-1) in AX and
// clobbers CX and R11, which Go does not expect to survive a call anyway.
TEXT ·rawSyscallNoBlock(SB),NOSPLIT,$0-72
	MOVQ	a1+8(FP), DI
	MOVQ	a2+16(FP), SI
	MOVQ	a3+24(FP), DX
	MOVQ	a4+32(FP), R10
	MOVQ	a5+40(FP), R8
	MOVQ	a6+48(FP), R9
	MOVQ	trap+0(FP), AX
	SYSCALL
	CMPQ	AX, $0xfffffffffffff001
	JLS	ok
	MOVQ	$-1, r1+56(FP)
	NEGQ	AX
	MOVQ	AX, errno+64(FP)
	RET
ok:
	MOVQ	AX, r1+56(FP)
	MOVQ	$0, errno+64(FP)
	RET
