package mmap

import (
	"runtime/debug"
	"unsafe"
)

// guardedCopy is copy(dst, src) that survives a memory fault in either
// slice: with debug.SetPanicOnFault the runtime turns SIGBUS/SIGSEGV (an
// in-page or access-violation exception on Windows) into a panic carrying
// the faulting address, which the deferred recover takes back. The guard
// costs a few nanoseconds, and nothing on the heap.
//
// On a fault it returns the bytes known to be copied: the copy is redone
// page by page up to the page that faults, because memmove does not copy
// in address order and the bytes before the faulting address are not
// known to have been written.
func guardedCopy(dst, src []byte) (n int, fault bool) {
	n, fault = tryCopy(dst, src)
	if fault {
		n = copyUntilFault(dst, src)
	}
	return n, fault
}

// tryCopy is the fast path: one copy under the fault guard.
func tryCopy(dst, src []byte) (n int, fault bool) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if v := recover(); v != nil {
			if _, ok := v.(interface{ Addr() uintptr }); !ok {
				panic(v) // not a memory fault: not ours to hide
			}
			n, fault = 0, true
		}
	}()
	return copy(dst, src), false
}

// copyUntilFault copies in chunks that never cross a page of either slice
// and stops at the first chunk that faults, returning what was copied.
func copyUntilFault(dst, src []byte) int {
	n := min(len(dst), len(src))
	done := 0
	for done < n {
		chunk := n - done
		if c := pageSize - int(addrOf(dst[done:])%uintptr(pageSize)); c < chunk {
			chunk = c
		}
		if c := pageSize - int(addrOf(src[done:])%uintptr(pageSize)); c < chunk {
			chunk = c
		}
		if _, fault := tryCopy(dst[done:done+chunk], src[done:done+chunk]); fault {
			break
		}
		done += chunk
	}
	return done
}

// addrOf returns the address of b's first byte, for alignment arithmetic
// only: the result is never turned back into a pointer.
func addrOf(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }
