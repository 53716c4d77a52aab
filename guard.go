package mmap

import (
	"runtime/debug"
	"sync"
)

// Guard calls fn with the Region's bytes (Bytes()) on the calling
// goroutine, with memory faults turned into panics
// (debug.SetPanicOnFault). A fault inside the Region's mapping during fn
// stops fn, and Guard returns an *Error with Op "guard" wrapping ErrFault:
// a file truncated under the mapping, a full disk behind a shared map of a
// sparse file, an access that the protection forbids (ProtNone memory, a
// write without ProtWrite). The Region stays usable afterwards wherever
// its memory is sound. Whatever fn did before the fault stays done.
//
// Any other panic in fn, and a fault outside the Region (a nil
// dereference, an access to another Region), passes through unchanged: it
// is panicked again with the same value. Guard restores the goroutine's
// previous fault mode on every way out, so Guards nest, each reporting
// only the faults inside its own Region. A goroutine that fn starts is not
// guarded, and fn must not keep b after it returns.
//
// A fault is told apart by its address, which the runtime reports on
// every OS that Go runs on natively (SIGBUS and SIGSEGV on Unix, an
// access violation or in-page error on Windows), to the page at least
// (s390x). qemu-user does not always: it may give a SIGBUS address 0,
// which the runtime cannot tell from a nil dereference, or a wrong one
// (7.2 puts it pages away on arm64 and swaps its 32-bit halves on
// mips64), and on arm, ppc64 and ppc64le a write to a read-only file
// mapping comes as a SIGSEGV at address 0. So the Region's state decides
// too:
//
//   - a fault not at an address inside the Region is still the Region's
//     when its file is now shorter than the mapped range (one fstat,
//     after the fault) or, for a shared writable mapping, the file's
//     filesystem has no free block left (Linux: fstatfs), the two causes
//     of SIGBUS;
//   - a fault without a usable address is the Region's when the Region
//     is not writable (ProtNone or read-only), but only where the
//     platform does not report fault addresses: that is tried once per
//     process, by a write to a read-only page of the package's own, after
//     the first such fault. Natively it is reported, so a nil
//     dereference in fn passes through.
//
// A fault elsewhere in fn (a nil dereference, another Region) is
// therefore reported as this Region's only while the Region is itself in
// one of those states. Where no address is reported, a fault whose cause
// a concurrent Protect undid before Guard looked passes through.
//
// After Close, Guard returns ErrClosed without calling fn; a nil fn is
// ErrInvalid. Guard allocates nothing: it costs one guard per call (a few
// nanoseconds), whatever fn reads or writes, so a batch of small accesses
// inside one Guard costs within a few per cent of the same accesses to
// Bytes() unguarded (64 random reads of 64 bytes: 1.07×, BENCHMARKS.md).
func (r *Region) Guard(fn func(b []byte)) (err error) {
	if r.closed {
		return closed("guard", r.path)
	}
	if fn == nil {
		return invalid("guard", r.path, "nil function")
	}
	// As in tryCopy (fault.go): a closure, not a method value (one call
	// less), and recover only when fn did not return.
	old := debug.SetPanicOnFault(true)
	done := false
	defer func() {
		debug.SetPanicOnFault(old)
		if done {
			return
		}
		if v := recover(); v != nil {
			err = r.guardFault(v)
		}
	}()
	fn(r.Bytes())
	done = true
	return nil
}

// guardFault is Guard's error for v, recovered under the guard; v is
// panicked again when it is not a fault in the Region.
func (r *Region) guardFault(v any) error {
	if !r.owns(v) {
		panic(v) // not a fault of this Region: not ours to hide
	}
	return newError("guard", r.path, ErrFault)
}

// owns reports whether v, recovered under the fault guard, is a memory
// fault in the Region's mapping (the reserved tail past Len included),
// by its address or, where that is missing or may be wrong, by the
// Region's state (see Guard).
func (r *Region) owns(v any) bool {
	addr, known, ok := faultOf(v)
	known = known && uint64(addr) < bogusAddr
	switch {
	case !ok || r.m.addr == nil:
		return false
	case known && addr-uintptr(r.m.addr) < uintptr(r.m.size):
		return true
	case r.m.file != noFile && !r.device && r.sigbusState():
		return true
	}
	return !known && Prot(r.prot.Load())&ProtWrite == 0 && !faultAddrsReported()
}

// sigbusState reports whether a file Region is in a state that raises
// SIGBUS: its file was cut under the mapping, or it is a shared writable
// mapping and a write into a hole found no space.
func (r *Region) sigbusState() bool {
	size, _, err := sysStat(r.m.file)
	return err == nil && size < r.off+int64(r.Len()) ||
		r.flags&MapShared != 0 && Prot(r.prot.Load())&ProtWrite != 0 && sysDiskFull(r.m.file)
}

// bogusAddr is where the user addresses of every 64-bit OS end (57 bits
// at most, x86-64 with 5-level paging): a fault address above it is no
// address at all, as qemu-user 7.2's swapped halves on mips64 are.
const bogusAddr = 1 << 57

// faultAddrsReported tells whether this platform reports the address of a
// write fault, by making one: a write to a read-only anonymous page,
// unmapped again. It runs once per process, after the first fault
// without a usable address.
var faultAddrsReported = sync.OnceValue(func() bool {
	p, err := sysMap(noFile, 0, pageSize, ProtRead, MapPrivate|MapAnonymous)
	if err != nil {
		return true // no Regions either
	}
	defer sysUnmap(p, pageSize)
	addr, known := writeFault((*byte)(p))
	return known && addr == uintptr(p)
})

// writeFault writes to *p, which must fault, and returns the address the
// runtime reports for it.
func writeFault(p *byte) (addr uintptr, known bool) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		a, k, _ := faultOf(recover())
		addr, known = a, k && uint64(a) < bogusAddr
	}()
	*p = 1
	return 0, false
}
