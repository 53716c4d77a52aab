package mmap

import "runtime/debug"

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
// access violation or in-page error on Windows). An emulator may report
// none (qemu-user gives a SIGBUS address 0, which the runtime cannot tell
// from a nil dereference); such a fault is the Region's when the Region's
// state explains it: its protection is ProtNone, or its file is now
// shorter than the mapped range (one fstat, after the fault). Otherwise it
// passes through as the runtime's nil-dereference panic. A nil
// dereference in fn while one of those holds is therefore reported as
// ErrFault.
//
// After Close, Guard returns ErrClosed without calling fn; a nil fn is
// ErrInvalid. Guard allocates nothing: it costs one guard per call (a few
// nanoseconds), whatever fn reads or writes, so a batch of small accesses
// inside one Guard is as fast as the same accesses to Bytes() unguarded.
func (r *Region) Guard(fn func(b []byte)) (err error) {
	if r.closed {
		return closed("guard", r.path)
	}
	if fn == nil {
		return invalid("guard", r.path, "nil function")
	}
	// A closure, not a method value: a deferred call with arguments gets
	// a wrapper of its own, one call more (measured slower, BENCHMARKS.md).
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if v := recover(); v != nil {
			err = r.guardFault(v)
		}
	}()
	fn(r.Bytes())
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
// fault in the Region's mapping (the reserved tail past Len included).
func (r *Region) owns(v any) bool {
	addr, known, ok := faultOf(v)
	switch {
	case !ok || r.m.addr == nil:
		return false
	case known:
		return addr-uintptr(r.m.addr) < uintptr(r.m.size)
	case Prot(r.prot.Load()) == ProtNone:
		return true
	case r.m.file == noFile || r.device:
		return false
	}
	size, _, err := sysStat(r.m.file)
	return err == nil && size < r.off+int64(r.Len())
}
