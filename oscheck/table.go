package main

import "strings"

// The table ties the package's values to golang.org/x/sys. One line per
// fact: {kind, ours, on, xsys, header}.
//
//   - value: ours (a constant or variable of the package, "syscall.NAME",
//     "proc:dll!Name", "type:name") is compared with xsys, an expression
//     over x/sys's names on that target (unix or windows), e.g.
//     "SYS___MSYNC13" or "O_CREAT|O_EXCL"; where x/sys lacks the value,
//     xsys is the number itself and header names the header it comes from
//     (for a "type:" line, the sizes: "386:36 amd64:48").
//     A constant defined as syscall.NAME, and every syscall.NAME the
//     package uses, needs no line: it is compared with x/sys's NAME.
//   - meaning: what the flag ours (OpenDirect, MapShared, ...) must be in
//     the osBit flag tables: an x/sys expression, or "0" where the flag is
//     honoured without an open or mmap bit (afterOpen).
//   - exempt: ours is not an OS value, or x/sys cannot speak for it;
//     header says why.
//
// on selects targets: "" all, or space-separated GOOS or GOOS/GOARCH; the
// most specific line wins. An unknown constant, flag, symbol, procedure
// or struct fails the check with the line to add.
type kind int

const (
	value kind = iota
	meaning
	exempt
)

type entry struct {
	kind   kind
	ours   string
	on     string
	xsys   string
	header string
}

// matches is how specifically e selects t: -1 not at all, 0 every
// target, 1 "unix", 2 by GOOS, 3 by GOOS/GOARCH.
func (e *entry) matches(t target) int {
	if e.on == "" {
		return 0
	}
	best := -1
	for _, o := range strings.Fields(e.on) {
		switch {
		case o == t.String(), o == "linux/"+t.goarch && t.goos == "android":
			best = max(best, 3)
		case o == t.goos, o == "linux" && t.goos == "android", o == "darwin" && t.goos == "ios",
			o == "solaris" && t.goos == "illumos":
			best = max(best, 2)
		case o == "unix" && t.goos != "windows" && !noOS[t.goos]:
			best = max(best, 1)
		}
	}
	return best
}

// excluded: targets of go tool dist list the package does not claim.
var excluded = []string{}

var table = []entry{
	// Our own values: not OS numbers.
	{exempt, "noFile", "", "", "our sentinel for no file (-1, or syscall.InvalidHandle: compared as a syscall value)"},
	{exempt, "kindRegular", "", "", "our enum"},
	{exempt, "kindDir", "", "", "our enum"},
	{exempt, "kindDevice", "", "", "our enum"},
	{exempt, "kindOther", "", "", "our enum"},
	{exempt, "sysCutNeedsUnmap", "", "", "our switch"},
	{exempt, "type:shrunkError", "", "", "our error type, not an OS struct"},
	{exempt, "sysAsyncInvalidate", "", "", "our switch (msync(2) of FreeBSD and DragonFly)"},
	{exempt, "allocateFlag", "", "", "our MapFlag (MapAllocate or 0)"},
	{exempt, "shmDir", "", "", "a path, not a number (where the OS keeps POSIX shared memory)"},
	{exempt, "localNamespace", "", "", `the "Local\" object namespace of CreateFileMappingW's documentation, not a number`},
	{exempt, "shmNameBufferChars", "", "", "a buffer length of ours"},
	{exempt, "syscall.EINVAL", "windows", "", "Go's own Errno on Windows (APPLICATION_ERROR + n), never given to the OS"},

	// What each flag of the osBit tables means, on every target.
	{meaning, "OpenCreate", "", "O_CREAT", ""},
	{meaning, "OpenEnsureCreate", "", "O_CREAT|O_EXCL", ""},
	{meaning, "OpenTruncate", "", "O_TRUNC", ""},
	{meaning, "OpenFileSync", "", "O_SYNC", ""},
	{meaning, "OpenDontClaimTTY", "", "O_NOCTTY", ""},
	{meaning, "OpenNonBlock", "", "O_NONBLOCK", ""},
	{meaning, "OpenNoFollow", "", "O_NOFOLLOW", ""},
	{meaning, "OpenDirectory", "", "O_DIRECTORY", ""},
	{meaning, "OpenDirect", "", "O_DIRECT", ""},
	{meaning, "OpenDirect", "darwin", "0", ""}, // fcntl(F_NOCACHE) in afterOpen
	{meaning, "OpenDataSync", "", "O_DSYNC", ""},
	{meaning, "OpenAsync", "", "0", ""}, // fcntl(F_SETFL, O_ASYNC) in afterOpen
	{meaning, "OpenAsync", "linux", "O_ASYNC", ""},
	{meaning, "OpenLargeFile", "", "O_LARGEFILE", ""},
	{meaning, "MapPrivate", "", "MAP_PRIVATE", ""},
	{meaning, "MapShared", "", "MAP_SHARED", ""},
	{meaning, "MapAnonymous", "", "MAP_ANON", ""},
	{meaning, "MapNoReserve", "", "MAP_NORESERVE", ""},
	{meaning, "MapLocked", "", "MAP_LOCKED", ""},
	{meaning, "MapGrowsDown", "", "MAP_GROWSDOWN", ""},
	{meaning, "MapPopulate", "", "MAP_POPULATE", ""},
	{meaning, "MapNonBlock", "", "MAP_NONBLOCK", ""},
	{meaning, "MapHugePages", "", "MAP_HUGETLB", ""},
	{meaning, "SyncWait", "", "MS_SYNC", ""},
	{meaning, "SyncAsync", "", "MS_ASYNC", ""},
	{meaning, "SyncInvalidate", "", "MS_INVALIDATE", ""},

	// Constants typed by hand, or computed, in the sys_* files.
	{value, "sysMsync", "netbsd", "SYS_MSYNC", ""}, // 277, SYS___MSYNC13: x/sys's SYS_MSYNC is the new number
	{value, "msSync", "netbsd/arm", "MS_SYNC", ""},
	{value, "msAsync", "netbsd/arm", "MS_ASYNC", ""},
	{value, "msInvalidate", "netbsd/arm", "MS_INVALIDATE", ""},
	{value, "mapHugeTLB", "linux/arm android/arm", "MAP_HUGETLB", ""},
	{value, "madvPopulateRead", "linux", "MADV_POPULATE_READ", ""},
	{value, "madvPopulateWrite", "linux", "MADV_POPULATE_WRITE", ""},
	{value, "mremapMayMove", "linux", "MREMAP_MAYMOVE", ""},
	{value, "atFDCWD", "linux", "AT_FDCWD", ""},
	{value, "mmap2Unit", "linux", "4096", "arch/{x86,arm,mips}/kernel/sys*.c: mmap2's offset unit is 4096 bytes whatever the page size"},
	{value, "oDirect", "illumos", "O_DIRECT", ""}, // x/sys's zerrors_solaris_amd64.go is generated on illumos
	{value, "reserveFlags", "unix", "MAP_PRIVATE|MAP_ANON", ""},
	{value, "oSync", "linux/arm android/arm", "O_SYNC", ""}, // the syscall package's is O_DSYNC
	{value, "reserveFlags", "linux", "MAP_PRIVATE|MAP_ANON|MAP_NORESERVE", ""},
	{value, "reserveFlags", "freebsd", "MAP_GUARD", ""},
	{value, "mapGuard", "freebsd", "MAP_GUARD", ""},
	{value, "sysShmOpen2", "freebsd", "571", "FreeBSD sys/kern/syscalls.master: 571 shm_open2 (FreeBSD 13; x/sys's table predates it)"},
	{exempt, "syscall.F_DUPFD_CLOEXEC", "aix", "", "0 in the syscall package: AIX has none, and dupCloexec tests for 0"},

	// Windows constants typed by hand.
	{value, "fileFlagNoBuffering", "windows", "FILE_FLAG_NO_BUFFERING", ""},
	{value, "fileFlagWriteThrough", "windows", "FILE_FLAG_WRITE_THROUGH", ""},
	{value, "fileFlagOpenReparsePoint", "windows", "FILE_FLAG_OPEN_REPARSE_POINT", ""},
	{value, "fileAttributeNormal", "windows", "FILE_ATTRIBUTE_NORMAL", ""},
	{value, "fileAttributeSparseFile", "windows", "FILE_ATTRIBUTE_SPARSE_FILE", ""},
	{value, "pageNoAccess", "windows", "PAGE_NOACCESS", ""},
	{value, "secCommit", "windows", "0x8000000", "SEC_COMMIT, winnt.h"},
	{value, "secLargePages", "windows", "0x80000000", "SEC_LARGE_PAGES, winnt.h"},
	{value, "fileMapLargePgs", "windows", "0x20000000", "FILE_MAP_LARGE_PAGES, memoryapi.h"},
	{value, "fileWriteData", "windows", "FILE_WRITE_DATA", ""},
	{value, "errorNotLocked", "windows", "ERROR_NOT_LOCKED", ""},
	{value, "fileEndOfFileInfo", "windows", "FileEndOfFileInfo", ""},
	{value, "sectionQuery", "windows", "0x0001", "SECTION_QUERY, winnt.h"},
	{value, "memCommit", "windows", "MEM_COMMIT", ""},
	{value, "memReserve", "windows", "MEM_RESERVE", ""},
	{value, "memDecommit", "windows", "MEM_DECOMMIT", ""},
	{value, "memRelease", "windows", "MEM_RELEASE", ""},
	{value, "memFree", "windows", "0x10000", "MEM_FREE, winnt.h"},
	{value, "memPrivate", "windows", "0x20000", "MEM_PRIVATE, winnt.h"},
	{value, "memMapped", "windows", "0x40000", "MEM_MAPPED, winnt.h"},
	{value, "errorInvalidAddress", "windows", "ERROR_INVALID_ADDRESS", ""},
	{exempt, "addressRetries", "windows", "", "a retry count of ours"},
	{value, "fileMapRead", "windows", "FILE_MAP_READ", ""},
	{value, "fileMapWrite", "windows", "FILE_MAP_WRITE", ""},
	{value, "fileMapExecute", "windows", "FILE_MAP_EXECUTE", ""},
	{value, "duplicateCloseSrc", "windows", "DUPLICATE_CLOSE_SOURCE", ""},

	// Windows structs: x/sys's type, or the sizes from the header.
	{value, "type:systemInfo", "windows", "386:36 amd64:48 arm64:48", "SYSTEM_INFO, sysinfoapi.h (x/sys has no SYSTEM_INFO)"},
	{value, "type:workingSetExInformation", "windows", "PSAPI_WORKING_SET_EX_INFORMATION", ""},
	{value, "type:workingSetExInformation", "windows/386", "386:8", "PSAPI_WORKING_SET_EX_INFORMATION, psapi.h: a PVOID and a ULONG_PTR union (x/sys makes the union a uint64: 12 bytes on 386)"},
	{value, "type:memoryRangeEntry", "windows", "386:8 amd64:16 arm64:16", "WIN32_MEMORY_RANGE_ENTRY, memoryapi.h: a PVOID and a SIZE_T"},
	{value, "type:objectBasicInformation", "windows", "*:56", "PUBLIC_OBJECT_BASIC_INFORMATION, winternl.h: four ULONGs and ULONG Reserved[10]"},
	{value, "type:memoryBasicInformation", "windows", "MemoryBasicInformation", ""},
	{value, "type:sectionBasicInformation", "windows", "386:16 amd64:24 arm64:24", "SECTION_BASIC_INFORMATION, ntddk.h: a PVOID, a ULONG and a LARGE_INTEGER"},
	{exempt, "type:allocation", "windows", "", "our bookkeeping, not an OS struct"},
	{exempt, "type:viewer", "windows", "", "our bookkeeping, not an OS struct"},
	{exempt, "type:lostError", "windows", "", "our error type, not an OS struct"},

	// Windows functions x/sys binds elsewhere, or not at all.
	{value, "proc:kernel32.dll!K32QueryWorkingSetEx", "windows", "psapi.dll!QueryWorkingSetEx", ""}, // psapi.dll forwards to kernel32's K32 export (Windows 7+)
	{exempt, "proc:kernel32.dll!GetSystemInfo", "windows", "", "sysinfoapi.h, kernel32.dll (x/sys binds GetSystemTimeAsFileTime and the rest, not this)"},
	{exempt, "proc:kernel32.dll!PrefetchVirtualMemory", "windows", "", "memoryapi.h, kernel32.dll, Windows 8; looked up with Find() first"},
	{exempt, "proc:ntdll.dll!NtQueryObject", "windows", "", "ntifs.h / winternl.h, ntdll.dll"},
	{exempt, "proc:ntdll.dll!NtQuerySection", "windows", "", "ntddk.h (ZwQuerySection), ntdll.dll"},
	{exempt, "proc:kernel32.dll!MapViewOfFileEx", "windows", "", "memoryapi.h, kernel32.dll"},
	{exempt, "proc:kernel32.dll!OpenFileMappingW", "windows", "", "memoryapi.h, kernel32.dll"},

	// libc functions neither x/sys nor the runtime imports, and what
	// vouches for them. (AIX's mmap is the runtime's: x/sys imports mmap64.)
	{exempt, "lib:/usr/lib/libSystem.B.dylib!mincore", "darwin", "", "mincore(2) of macOS, in libSystem; x/sys/unix binds no mincore on darwin"},
	{exempt, "lib:libc.so!mincore", "solaris", "", "mincore(2) of Solaris and illumos, in libc.so; x/sys/unix binds no mincore on solaris"},
	{exempt, "lib:/usr/lib/libSystem.B.dylib!shm_open", "darwin", "", "shm_open(2) of macOS, in libSystem"},
	{exempt, "lib:/usr/lib/libSystem.B.dylib!shm_unlink", "darwin", "", "shm_unlink(2) of macOS, in libSystem"},
	{exempt, "lib:libc.so!shm_open", "openbsd solaris", "", "shm_open(3), in libc.so (OpenBSD 5.4+, Solaris, illumos)"},
	{exempt, "lib:libc.so!shm_unlink", "openbsd solaris", "", "shm_unlink(3), in libc.so (OpenBSD 5.4+, Solaris, illumos)"},
}
