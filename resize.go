package mmap

import (
	"errors"
	"math"
	"runtime"
	"unsafe"
)

// Resize changes Len() to size, keeping the contents of the common prefix;
// Bytes must be called again afterwards, and no slice of the old Bytes may
// be used. It must not race with any other method.
//
// A Region of a file opened for writing grows or shrinks the file to
// Offset+size; one opened read-only may only change within the file.
// Anonymous memory grows with zeros, also where an earlier shrink cut.
// Resize(0) leaves an empty Region that may grow again.
//
// On Linux it is mremap(MREMAP_MAYMOVE), which moves page tables instead
// of data, but for shared anonymous memory (whose pages a fresh mapping
// would not share) and huge pages. Elsewhere it is a new mapping: private
// pages are copied into it, shared ones come back from the file. Either
// way the address may change. Shared anonymous memory resized on an OS
// without mremap is no longer shared with child processes.
func (r *Region) Resize(size int) error {
	const op = "mremap"
	if r.closed {
		return closed(op, r.path)
	}
	if size < 0 {
		return invalid(op, r.path, "negative size")
	}
	if size > math.MaxInt-granularity {
		return invalid(op, r.path, "size too large")
	}
	old := len(r.data)
	if size == old {
		return nil
	}
	anon := r.m.file == noFile
	if !anon && r.off > math.MaxInt64-int64(size) {
		return invalid(op, r.path, "Offset+size overflows")
	}
	fileSize := int64(-1)
	if !anon && !r.device {
		var err error
		if fileSize, _, err = sysStat(r.m.file); err != nil {
			return newError(op, r.path, err)
		}
		if end := r.off + int64(size); end > fileSize && !r.writable {
			return invalid(op, r.path, "a Region of a file opened read-only cannot reach past its end")
		}
	}
	newEnd := r.off + int64(size)
	truncate := !anon && !r.device && r.writable && newEnd != fileSize
	if truncate && newEnd > fileSize {
		if err := sysTruncate(r.m.file, newEnd); err != nil {
			return newError(op, r.path, err)
		}
	}
	if err := r.remap(size); err != nil {
		if truncate && newEnd > fileSize {
			sysTruncate(r.m.file, fileSize) // undo the growth
		}
		return newError(op, r.path, err)
	}
	if truncate && newEnd < fileSize {
		if err := sysTruncate(r.m.file, newEnd); err != nil {
			return newError(op, r.path, err)
		}
	}
	return nil
}

// remap points the Region at a mapping of size bytes with the old contents
// in the common prefix, and moves the cleanup with it. On failure the
// Region is as it was.
func (r *Region) remap(size int) error {
	old := len(r.data)
	prot := Prot(r.prot.Load())
	m := r.m
	remapped := false
	switch {
	case size == 0:
		m.addr, m.size = nil, 0
	case r.m.addr != nil && r.canMremap(prot):
		addr, err := sysRemap(r.m.addr, r.m.size, r.msize(size))
		switch {
		case err == nil:
			m.addr, m.size, remapped = addr, r.msize(size), true
		case !errors.Is(err, errors.ErrUnsupported):
			return err
		}
	}
	if size != 0 && !remapped { // no mremap here: a new mapping
		var err error
		if m.addr, err = r.freshMapping(size, prot); err != nil {
			return err
		}
		m.size = r.msize(size)
	}
	if r.m.addr != nil && !remapped {
		if err := sysUnmap(r.m.addr, r.m.size); err != nil {
			if m.addr != nil {
				sysUnmap(m.addr, m.size)
			}
			return err
		}
	}
	r.cleanup.Stop()
	r.m = m
	if m.addr == nil {
		r.data = []byte{}
	} else {
		r.data = unsafe.Slice((*byte)(unsafe.Add(m.addr, r.delta)), size)
		if size > old && r.m.file == noFile && prot&ProtWrite != 0 {
			// mremap keeps what a shrink left in the last page; anonymous
			// growth must read as zeros.
			clear(r.data[old:min(size, (r.delta+old+pageSize-1)&^(pageSize-1)-r.delta)])
		}
	}
	r.cleanup = runtime.AddCleanup(r, releaseMapping, r.m)
	return nil
}

// msize is the length of the OS mapping behind a Region of size bytes.
func (r *Region) msize(size int) int {
	if r.flags&MapHugePages != 0 {
		return roundUp(size, hugePageSize()) // MapAnon made sure it is positive
	}
	return r.delta + size
}

// canMremap: mremap keeps every kind of mapping intact but shared
// anonymous memory (a moved shared page is no longer the parent's) and
// huge pages; and growing read-only anonymous memory could not clear the
// tail a shrink left behind.
func (r *Region) canMremap(prot Prot) bool {
	anon := r.m.file == noFile
	switch {
	case r.flags&MapHugePages != 0:
		return false
	case anon && r.flags&MapShared != 0:
		return false
	case anon && prot&ProtWrite == 0:
		return false
	}
	return true
}

// freshMapping maps size bytes anew, at the Region's offset for a file,
// and copies the prefix across where it lives only in memory: anonymous
// and private pages. The new mapping gets the Region's protection.
func (r *Region) freshMapping(size int, prot Prot) (unsafe.Pointer, error) {
	anon := r.m.file == noFile
	base := r.off - int64(r.delta)
	copyPrefix := r.m.addr != nil && (anon || r.flags&MapPrivate != 0)
	mprot := prot
	if copyPrefix {
		mprot = ProtRead | ProtWrite | prot&ProtExec
	}
	addr, err := sysMap(r.m.file, base, r.msize(size), mprot, r.flags)
	if err != nil {
		return nil, err
	}
	if !copyPrefix {
		return addr, nil
	}
	if prot&ProtRead == 0 {
		if err := sysProtect(r.m.addr, r.m.size, ProtRead, r.flags); err != nil {
			sysUnmap(addr, r.msize(size))
			return nil, err
		}
	}
	n := min(size, len(r.data))
	if _, fault := guardedCopy(unsafe.Slice((*byte)(unsafe.Add(addr, r.delta)), n), r.data[:n]); fault {
		sysUnmap(addr, r.msize(size))
		return nil, ErrFault
	}
	if mprot != prot {
		if err := sysProtect(addr, r.msize(size), prot, r.flags); err != nil {
			sysUnmap(addr, r.msize(size))
			return nil, err
		}
	}
	return addr, nil
}
