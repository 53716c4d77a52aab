package mmap

import (
	"io"
	"runtime"
	"runtime/debug"
	"unsafe"
)

// isFault reports whether a value recovered from a guarded copy is the
// runtime's panic for a memory fault: a runtime.Error, with an Addr method
// as a rule, but without one when the signal carried an address below
// 4096 (the runtime then reports a nil dereference), as qemu-user's SIGBUS
// does with address 0. A copy of valid slices raises no other
// runtime.Error.
func isFault(v any) bool {
	_, ok := v.(runtime.Error)
	return ok
}

// faultOf tells whether v, recovered under the fault guard, is the
// runtime's panic for a memory fault, and its address where the runtime
// knows it. With SetPanicOnFault the runtime panics with a runtime.Error
// that has an Addr method; a fault below address 4096 (a nil dereference,
// or an emulator's SIGBUS without an address) is its plain
// nil-dereference error instead, known only by its message. Any other
// value (an index out of range, a user's panic) is not a fault.
func faultOf(v any) (addr uintptr, known, ok bool) {
	e, isErr := v.(runtime.Error)
	if !isErr {
		return 0, false, false
	}
	if a, hasAddr := e.(interface{ Addr() uintptr }); hasAddr {
		return a.Addr(), true, true
	}
	return 0, false, e.Error() == nilDerefMsg
}

// nilDerefMsg is the message of the runtime's panic for a fault without a
// usable address (runtime/panic.go, panicmem).
const nilDerefMsg = "runtime error: invalid memory address or nil pointer dereference"

// guardedCopy is copy(dst, src) that survives a memory fault in either
// slice: with debug.SetPanicOnFault the runtime turns SIGBUS/SIGSEGV (an
// in-page or access-violation exception on Windows) into a panic, which
// the deferred recover in tryCopy takes back. The guard costs a few
// nanoseconds, and nothing on the heap.
//
// On a fault it returns the bytes known to be copied: the copy is redone
// page by page up to the page that faults, because memmove does not copy
// in address order and the bytes before the faulting address are not
// known to have been written.
func guardedCopy(dst, src []byte) (n int, fault bool) {
	if n = tryCopy(dst, src); n >= 0 {
		return n, false
	}
	return copyUntilFault(dst, src), true
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
		if tryCopy(dst[done:done+chunk], src[done:done+chunk]) < 0 {
			break
		}
		done += chunk
	}
	return done
}

// addrOf returns the address of b's first byte, for alignment arithmetic
// only: the result is never turned back into a pointer.
func addrOf(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

// tryCopy is copy(dst, src) under the fault guard, and -1 when the
// copy faulted: the fast path of ReadAt and WriteAt. It is kept as small
// as the cheapest guarded copy a user could write, which is what ReadAt
// is measured against (see BENCHMARKS.md for each measurement):
//   - the deferred function is a closure: a deferred call with arguments
//     gets a compiler-made wrapper, one call more;
//   - recover is called only when the copy did not finish (done): on the
//     way out of a copy that returned there is no panic to take back, and
//     the call to runtime.gorecover is skipped (1.5 ns of 9 in a hot loop);
//   - the guard is taken here and not in ReadAt, whose defer would have to
//     capture the Region, both slices and the results (slower).
func tryCopy(dst, src []byte) (n int) {
	old := debug.SetPanicOnFault(true)
	done := false
	defer func() {
		debug.SetPanicOnFault(old)
		if done {
			return
		}
		if v := recover(); v != nil {
			if !isFault(v) {
				panic(v) // not a memory fault: not ours to hide
			}
			n = -1
		}
	}()
	n = copy(dst, src)
	done = true
	return n
}

// readAtEnd is ReadAt's error when off is not inside the data: the Region
// is closed, off is negative, or off is at or past the end.
func (r *Region) readAtEnd(off int64) error {
	switch {
	case r.closed:
		return closed("read", r.path)
	case off < 0:
		return invalid("read", r.path, "negative offset")
	}
	return io.EOF
}

// writeAtEnd is WriteAt's result when off is not inside the data or p is
// empty: closed, negative, an empty p (nil: nothing to write), or off at
// or past the end (a short write of nothing).
func (r *Region) writeAtEnd(p []byte, off int64) error {
	switch {
	case r.closed:
		return closed("write", r.path)
	case off < 0:
		return invalid("write", r.path, "negative offset")
	case len(p) == 0:
		return nil
	}
	return newError("write", r.path, io.ErrShortWrite)
}
