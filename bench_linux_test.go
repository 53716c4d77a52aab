//go:build linux && (amd64 || arm64)

package mmap

// The floors on Linux: the same work as the package does, in raw system
// calls written inline, with nothing around them. On the 64-bit
// architectures whose mmap takes a byte offset (the others use mmap2).

import (
	"syscall"
	"testing"
	"unsafe"
)

func rawMmap(length uintptr, prot, flags, fd uintptr, blocking bool) uintptr {
	if blocking {
		r, _, e := syscall.Syscall6(syscall.SYS_MMAP, 0, length, prot, flags, fd, 0)
		if e != 0 {
			panic(e)
		}
		return r
	}
	r, _, e := syscall.RawSyscall6(syscall.SYS_MMAP, 0, length, prot, flags, fd, 0)
	if e != 0 {
		panic(e)
	}
	return r
}

func rawMunmap(addr, length uintptr) {
	if _, _, e := syscall.RawSyscall6(syscall.SYS_MUNMAP, addr, length, 0, 0, 0, 0); e != 0 {
		panic(e)
	}
}

func rawOpen(path *byte, flags int) uintptr {
	fd, _, e := syscall.RawSyscall6(syscall.SYS_OPENAT, uintptr(atFDCWD), uintptr(unsafe.Pointer(path)), uintptr(flags|syscall.O_CLOEXEC), 0, 0, 0)
	if e != 0 {
		panic(e)
	}
	return fd
}

// rawOpenStat is the floors' open plus fstat: the descriptor and the size.
func rawOpenStat(b *testing.B, path *byte, flags int) (fd uintptr, size int64) {
	fd = rawOpen(path, flags)
	var st syscall.Stat_t
	if _, _, e := syscall.RawSyscall(syscall.SYS_FSTAT, fd, uintptr(unsafe.Pointer(&st)), 0); e != 0 {
		b.Fatal(e)
	}
	return fd, st.Size
}

func rawClose(fd uintptr) { syscall.RawSyscall(syscall.SYS_CLOSE, fd, 0, 0) }

func cString(s string) *byte { return &append([]byte(s), 0)[0] }

// rawFileRead maps a.path with flags, sums every word and unmaps it.
func rawFileRead(b *testing.B, a benchArgs, flags uintptr) {
	path := cString(a.path)
	b.SetBytes(int64(a.size))
	b.ReportAllocs()
	for b.Loop() {
		fd, size := rawOpenStat(b, path, syscall.O_RDONLY)
		addr := rawMmap(uintptr(size), syscall.PROT_READ, flags, fd, flags&syscall.MAP_POPULATE != 0)
		benchSink += sumWords(unsafe.Slice((*byte)(unsafe.Add(nil, addr)), size))
		rawMunmap(addr, uintptr(size))
		rawClose(fd)
	}
}

func init() {
	anonMapContenders = append(anonMapContenders, contender{"floor.raw-mmap-munmap", func(b *testing.B, a benchArgs) {
		b.ReportAllocs()
		for b.Loop() {
			addr := rawMmap(uintptr(a.size), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANONYMOUS, ^uintptr(0), false)
			rawMunmap(addr, uintptr(a.size))
		}
	}})
	fileMapContenders = append(fileMapContenders, contender{"floor.raw-open-fstat-mmap-munmap-close", func(b *testing.B, a benchArgs) {
		path := cString(a.path)
		b.ReportAllocs()
		for b.Loop() {
			fd, size := rawOpenStat(b, path, syscall.O_RDONLY)
			addr := rawMmap(uintptr(size), syscall.PROT_READ, syscall.MAP_PRIVATE, fd, false)
			rawMunmap(addr, uintptr(size))
			rawClose(fd)
		}
	}})
	coldReadContenders = append(coldReadContenders,
		contender{"floor.raw-mmap", func(b *testing.B, a benchArgs) { rawFileRead(b, a, syscall.MAP_PRIVATE) }},
		contender{"floor.raw-mmap-populate", func(b *testing.B, a benchArgs) {
			rawFileRead(b, a, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
		}},
	)
	durableContenders = append(durableContenders, contender{"floor.raw-mmap-copy-msync", func(b *testing.B, a benchArgs) {
		path := cString(a.path)
		src := pattern(a.size)
		b.SetBytes(int64(a.size))
		b.ReportAllocs()
		for b.Loop() {
			fd, _ := rawOpenStat(b, path, syscall.O_RDWR)
			addr := rawMmap(uintptr(a.size), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED, fd, false)
			copy(unsafe.Slice((*byte)(unsafe.Add(nil, addr)), a.size), src)
			if _, _, e := syscall.Syscall(syscall.SYS_MSYNC, addr, uintptr(a.size), syscall.MS_SYNC); e != 0 {
				b.Fatal(e)
			}
			rawMunmap(addr, uintptr(a.size))
			rawClose(fd)
		}
	}})
	syscallContenders = append(syscallContenders,
		contender{"mmap.rawSyscallNoBlock", func(b *testing.B, _ benchArgs) {
			b.ReportAllocs()
			for b.Loop() {
				rawSyscallNoBlock(syscall.SYS_GETPPID, 0, 0, 0, 0, 0, 0)
			}
		}},
		contender{"syscall.RawSyscall6", func(b *testing.B, _ benchArgs) {
			b.ReportAllocs()
			for b.Loop() {
				syscall.RawSyscall6(syscall.SYS_GETPPID, 0, 0, 0, 0, 0, 0)
			}
		}},
		contender{"syscall.Syscall6", func(b *testing.B, _ benchArgs) {
			b.ReportAllocs()
			for b.Loop() {
				syscall.Syscall6(syscall.SYS_GETPPID, 0, 0, 0, 0, 0, 0)
			}
		}},
	)
}
