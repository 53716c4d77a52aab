// The macros of OpenBSD's libc trampolines (zsyscall_openbsd*.s include
// this file): PTRSIZE, the width of a libc_*_trampoline_addr variable,
// and TRAMPOLINE, the body of a trampoline.

#ifdef GOARCH_386
#define PTRSIZE 4
#endif
#ifdef GOARCH_arm
#define PTRSIZE 4
#endif
#ifndef PTRSIZE
#define PTRSIZE 8
#endif

// On openbsd/ppc64 the trampoline calls the function and returns instead
// of jumping to it, as both upstream generators emit it for that port
// alone (the syscall package's mkasm.go and golang.org/x/sys/unix's
// mkasm.go: "if goos == openbsd && arch == ppc64"); every other port
// jumps. oscheck checks that every trampoline of zsyscall_openbsd*.s uses
// this macro.
#ifdef GOARCH_ppc64
#define TRAMPOLINE(fn) CALL fn(SB); RET
#else
#define TRAMPOLINE(fn) JMP fn(SB)
#endif
