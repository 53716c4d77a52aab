package mmap

import (
	"errors"
	"math"
	"unsafe"
)

// The paths Resize takes on the OS it runs on; the tests switch them to
// run the other OSes' paths here too.
var (
	useMremap     = true
	cutNeedsUnmap = sysCutNeedsUnmap
	unmapsPart    = sysUnmapsPart
)

// Resize changes Len() to size, keeping the contents of the common prefix.
//
// A Region of a file opened for writing grows or shrinks the file to
// Offset+size (with MapAllocate, the blocks of the new part are allocated
// first, so a full disk fails here, with nothing changed); one opened
// read-only may only change within the file, and may follow a file that
// someone else grows. Anonymous memory grows with zeros, also where an
// earlier shrink cut. Resize(0) leaves an empty Region that may grow again.
//
// Within Cap() (a Region mapped with Options.Reserve) the Region never
// moves: the new pages are mapped at fixed addresses right after the old
// ones, Bytes keeps its address, and slices taken before stay valid over
// the common prefix. Such a growing Resize may run concurrently with
// ReadAt, WriteAt, Guard, Bytes, Len, Cap, Sync, SyncRange, Advise,
// AdviseRange and Resident: each sees the Region before or after it. A
// shrink gives the pages back and keeps the address space. Past Cap(),
// the Region moves to a new reservation of at least size (twice the old
// Cap where that fits), the one case where the address changes.
//
// A Region without a reservation (Cap() == Len()) shrinks where it stands:
// on Unix the tail is unmapped; Windows unmaps the view and maps the kept
// part again at the same address, which moves only if another allocation
// took that address in between. Resize(0) gives the address space back. When it grows, or moves past
// its Cap, Bytes must be called again afterwards, no slice of the old
// Bytes may be used, and Resize must not race with any other method.
//
// Without a reservation, on Linux it is mremap(MREMAP_MAYMOVE), which moves page tables instead
// of data, but for shared anonymous memory (whose pages a fresh mapping
// would not share) and huge pages. Elsewhere it is a new mapping: private
// pages are copied into it, shared ones come back from the file. Either
// way the address may change. Shared anonymous memory resized on an OS
// without mremap is no longer shared with child processes.
//
// On failure the Region is as it was, with one exception: Windows cannot
// cut a file while a view maps it, so there a shrinking Resize unmaps
// first and, should mapping again then fail, leaves the Region empty. A
// cut that Windows refuses because another view maps the file is
// reported (ERROR_USER_MAPPED_FILE) with Region and file unchanged.
func (r *Region) Resize(size int) error {
	const op = "mremap"
	if r.closed {
		return closed(op, r.path)
	}
	if r.shm && !sysShmResizable {
		return unsupported(op, r.path, "Resize of shared memory")
	}
	if size < 0 {
		return invalid(op, r.path, "negative size")
	}
	if size > math.MaxInt-granularity {
		return invalid(op, r.path, "size too large")
	}
	if size == r.Len() {
		return nil
	}
	anon := r.m.file == noFile
	if !anon && r.off > math.MaxInt64-int64(size) {
		return invalid(op, r.path, "Offset+size overflows")
	}
	newEnd := r.off + int64(size)
	var grow, cut bool
	fileSize := int64(-1)
	if !anon && !r.device {
		var err error
		if fileSize, _, err = sysStat(r.m.file); err != nil {
			return newError(op, r.path, err)
		}
		if newEnd > fileSize && !r.writable {
			return invalid(op, r.path, "a Region of a file opened read-only cannot reach past its end")
		}
		grow, cut = r.writable && newEnd > fileSize, r.writable && newEnd < fileSize
	}
	if grow {
		if err := sysTruncate(r.m.file, newEnd); err != nil {
			return newError(op, r.path, err)
		}
	}
	if old := r.Len(); r.flags&MapAllocate != 0 && size > old {
		if err := sysAllocate(r.m.file, r.off+int64(old), int64(size-old)); err != nil {
			if grow {
				sysTruncate(r.m.file, fileSize)
			}
			return asError(op, r.path, err)
		}
	}
	var err error
	switch remapped := false; {
	case r.reserved:
		cutTo := int64(-1)
		if cut {
			cutTo, cut = newEnd, false
		}
		err = r.resizeReserved(size, cutTo)
	case size == 0:
		err = r.unmapAll()
	case size < r.Len() && unmapsPart:
		err = r.shrinkInPlace(size)
	case size < r.Len(), cut && cutNeedsUnmap:
		cutTo := int64(-1)
		if cut {
			cutTo, cut = newEnd, false
		}
		err = r.remapCutting(size, cutTo)
	default:
		if remapped, err = r.mremap(size); err == nil && !remapped {
			err = r.remapFresh(size)
		}
	}
	if err != nil {
		if grow {
			sysTruncate(r.m.file, fileSize) // undo the growth
		}
		return asError(op, r.path, err)
	}
	if cut {
		if err := sysTruncate(r.m.file, newEnd); err != nil {
			return newError(op, r.path, err)
		}
	}
	return nil
}

// install makes m, holding size bytes at r.delta, the Region's mapping
// and moves the cleanup to it.
func (r *Region) install(m mapping, size int) {
	old := r.Len()
	r.cleanup.Stop()
	r.start(m, size)
	if size > old && m.file == noFile && Prot(r.prot.Load())&ProtWrite != 0 {
		// mremap keeps what a shrink left in the last page; anonymous
		// growth must read as zeros.
		clear(r.Bytes()[old:min(size, roundUp(r.delta+old, pageSize)-r.delta)])
	}
}

// unmapAll leaves the Region empty (but open: it may grow again).
func (r *Region) unmapAll() error {
	if r.m.addr != nil {
		if err := sysUnmap(r.m.addr, r.m.size); err != nil {
			return err
		}
	}
	r.install(mapping{file: r.m.file}, 0)
	return nil
}

// shrinkInPlace shrinks a Region without a reservation where it stands,
// unmapping the pages past the new end (a Unix kernel unmaps any part of
// a mapping), so that a shrink never moves it, as mremap under an
// emulator and a fresh mapping elsewhere would.
func (r *Region) shrinkInPlace(size int) error {
	keep, end := roundUp(r.msize(size), pageSize), roundUp(r.m.size, pageSize)
	if r.m.file == noFile {
		if err := r.zeroTail(size, r.Len()); err != nil {
			return err
		}
	}
	if end > keep {
		if err := sysUnmap(unsafe.Add(r.m.addr, keep), end-keep); err != nil {
			return err
		}
	}
	r.install(mapping{addr: r.m.addr, size: r.msize(size), file: r.m.file}, size)
	return nil
}

// mremap resizes the mapping where it stands, or moves it, where the OS
// can (Linux) and it keeps the mapping's meaning; remapped is false when
// the caller must make a new mapping instead.
func (r *Region) mremap(size int) (remapped bool, err error) {
	prot := Prot(r.prot.Load())
	anon := r.m.file == noFile
	switch {
	case !useMremap, r.m.addr == nil, r.flags&MapHugePages != 0:
		return false, nil
	case anon && r.flags&MapShared != 0: // moved shared pages are no longer the children's
		return false, nil
	case anon && prot&ProtWrite == 0: // the tail a shrink left could not be cleared
		return false, nil
	}
	addr, err := sysRemap(r.m.addr, r.m.size, r.msize(size))
	if errors.Is(err, errors.ErrUnsupported) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	r.install(mapping{addr: addr, size: r.msize(size), file: r.m.file}, size)
	return true, nil
}

// remapFresh maps size bytes anew beside the old mapping, copies the
// prefix across where it lives only in memory (anonymous and private
// pages), and unmaps the old one.
func (r *Region) remapFresh(size int) error {
	prot := Prot(r.prot.Load())
	keep := r.m.addr != nil && (r.m.file == noFile || r.flags&MapPrivate != 0)
	addr, err := r.mapNew(size, prot, keep, nil)
	if err != nil {
		return err
	}
	if keep {
		if err := r.carry(addr, r.Bytes()[:min(size, r.Len())], prot); err != nil {
			sysUnmap(addr, r.msize(size))
			return err
		}
	}
	if r.m.addr != nil {
		if err := sysUnmap(r.m.addr, r.m.size); err != nil {
			sysUnmap(addr, r.msize(size))
			return err
		}
	}
	r.install(mapping{addr: addr, size: r.msize(size), file: r.m.file}, size)
	return nil
}

// remapCutting shrinks a Region where the OS cannot unmap part of a view,
// or cut a mapped file (Windows: ERROR_USER_MAPPED_FILE), to size, and
// cuts its file to cutTo when cutTo >= 0: the bytes that live only in
// memory (private and anonymous pages) are parked in anonymous memory, the
// old view goes, the file is cut, and a new view, at the old address where
// it is still free, takes the parked bytes back. When the cut is refused
// (another view of the file still exists) the old size is mapped again,
// so the Region and the file stay as they were.
func (r *Region) remapCutting(size int, cutTo int64) error {
	prot := Prot(r.prot.Load())
	old := r.Len()
	hint := r.m.addr
	var park []byte
	if (r.flags&MapPrivate != 0 || r.m.file == noFile) && r.m.addr != nil {
		addr, err := sysMap(noFile, 0, old, ProtRead|ProtWrite, MapPrivate|MapAnonymous)
		if err != nil {
			return err
		}
		defer sysUnmap(addr, old)
		park = unsafe.Slice((*byte)(addr), old)
		if prot&ProtRead == 0 {
			if err := sysProtect(r.m.addr, r.m.size, ProtRead, r.flags); err != nil {
				return err
			}
		}
		if _, fault := guardedCopy(park, r.Bytes()); fault {
			return ErrFault
		}
	}
	if err := r.unmapAll(); err != nil {
		return err
	}
	var cutErr error
	if cutTo >= 0 {
		cutErr = sysTruncate(r.m.file, cutTo)
	}
	n := size
	if cutErr != nil {
		n = old
	}
	addr, err := r.mapNew(n, prot, park != nil, hint)
	if err == nil && park != nil {
		if err = r.carry(addr, park[:n], prot); err != nil {
			sysUnmap(addr, r.msize(n))
		}
	}
	if err != nil {
		return err // the Region is left empty
	}
	r.install(mapping{addr: addr, size: r.msize(n), file: r.m.file}, n)
	return cutErr
}

// mapNew maps size bytes at the Region's place in its file (or anonymous
// memory), writable when the caller is going to carry bytes into it; at
// hint when that address is free, else where the OS likes.
func (r *Region) mapNew(size int, prot Prot, forCopy bool, hint unsafe.Pointer) (unsafe.Pointer, error) {
	if forCopy {
		prot = ProtRead | ProtWrite | prot&ProtExec
	}
	return sysMapNear(hint, r.m.file, r.fileBase(), r.msize(size), prot, r.flags)
}

// carry copies src into the new mapping at addr, made writable by mapNew,
// then gives that mapping the Region's protection prot. The old mapping
// is made readable first when the Region's protection forbids reading.
func (r *Region) carry(addr unsafe.Pointer, src []byte, prot Prot) error {
	if prot&ProtRead == 0 && r.m.addr != nil && addrOf(src) == addrOf(r.Bytes()) {
		if err := sysProtect(r.m.addr, r.m.size, ProtRead, r.flags); err != nil {
			return err
		}
	}
	if _, fault := guardedCopy(unsafe.Slice((*byte)(unsafe.Add(addr, r.delta)), len(src)), src); fault {
		return ErrFault
	}
	if writable := ProtRead | ProtWrite | prot&ProtExec; prot != writable {
		return sysProtect(addr, r.msize(len(src)), prot, r.flags)
	}
	return nil
}

// msize is the length of the OS mapping behind a Region of size bytes.
func (r *Region) msize(size int) int {
	if r.flags&MapHugePages != 0 {
		return roundUp(size, hugePageSize()) // MapAnon made sure it is positive
	}
	return r.delta + size
}
