package mmap

import (
	"errors"
	"math"
	"unsafe"
)

// Growth in place. A Region mapped with Options.Reserve owns a reservation:
// address space from the aligned offset below Offset to Offset+Reserve,
// rounded up to the granularity (a huge page with MapHugePages), that is
// inaccessible and costs nothing past the mapped pages. Resize within it
// maps or gives back pages at fixed addresses (the seam: sysReserve,
// sysGrowTo, sysShrinkTo, sysRelease in sys_*_grow.go), so the Region's
// base never moves, and a growing Resize touches nothing a reader can
// reach: it maps the new pages first, then publishes the new length with
// one atomic store (Region.n), which every reader loads before it looks.
//
// Byte i of the reservation is byte base+i of the file, base being the
// granularity-aligned offset below Offset; the data starts delta bytes in.

// reserve makes the Region's reservation for reserve bytes of data at
// r.delta, maps its first length bytes (of the file h from base, or
// anonymous memory), and sets Cap.
func (r *Region) reserve(h fileHandle, base int64, reserve, length int, prot Prot) (mapping, error) {
	step := granularity
	if r.flags&MapHugePages != 0 {
		step = max(step, hugePageSize())
	}
	if reserve > math.MaxInt-step-r.delta {
		return mapping{}, invalid("mmap", r.path, "Reserve too large")
	}
	size := roundUp(r.delta+reserve, step)
	addr, err := sysReserve(size, step)
	if err != nil {
		return mapping{}, err
	}
	m := mapping{addr: addr, size: size, file: h, reserved: true}
	if length > 0 {
		if err := sysGrowTo(addr, h, base, 0, r.mapEnd(length), prot, r.flags); err != nil {
			sysRelease(addr, size)
			return mapping{}, err
		}
	}
	r.reserved = true
	r.capacity = size - r.delta
	return m, nil
}

// mapEnd is how many bytes of the OS mapping hold a Region of length
// bytes: delta+length, or whole huge pages; 0 for an empty Region.
func (r *Region) mapEnd(length int) int {
	switch {
	case length == 0:
		return 0
	case r.flags&MapHugePages != 0:
		return roundUp(length, hugePageSize()) // anonymous: delta is 0
	}
	return r.delta + length
}

// mappedSize is the length of the accessible part of the OS mapping,
// from m.addr: whole pages up to Len() for a reservation (the reserved
// rest is never touched by Protect, Lock, Sync, Advise or Resident),
// the whole mapping otherwise.
func (r *Region) mappedSize() int {
	if !r.reserved {
		return r.m.size
	}
	return min(roundUp(r.mapEnd(r.Len()), pageSize), r.m.size)
}

// fileBase is the file offset of byte 0 of the OS mapping.
func (r *Region) fileBase() int64 {
	if r.m.file == noFile {
		return 0
	}
	return r.off - int64(r.delta)
}

// resizeReserved is Resize of a Region with a reservation: in place up to
// Cap, by moving to a new reservation past it. cut is the file length to
// cut to once the pages past it are gone, or -1.
func (r *Region) resizeReserved(size int, cut int64) error {
	old := r.Len()
	switch {
	case size > r.capacity:
		return r.moveReservation(size)
	case size > old:
		err := sysGrowTo(r.m.addr, r.m.file, r.fileBase(), r.mapEnd(old), r.mapEnd(size), Prot(r.prot.Load()), r.flags)
		if err != nil {
			r.keepMapped(err, old)
			return err
		}
		r.n.Store(uintptr(size)) // the pages are there: readers may see them now
		return nil
	}
	if r.m.file == noFile {
		if err := r.zeroTail(size, old); err != nil {
			return err
		}
	}
	err := sysShrinkTo(r.m.addr, r.m.file, r.fileBase(), r.mapEnd(old), r.mapEnd(size), cut, Prot(r.prot.Load()), r.flags)
	if err != nil {
		r.keepMapped(err, old)
		return err
	}
	r.n.Store(uintptr(size))
	return nil
}

// keepMapped sets the length a failed sysGrowTo or sysShrinkTo leaves.
// The seam's promise on failure is that [0, from) is mapped as before
// (Windows maps the old views back when it refuses a cut), so the length
// stays old, except when the seam says it lost part of the mapping (a
// *lostError, whose mappedPrefix is what is left): the Region then ends
// there, so that nothing unmapped is in reach.
func (r *Region) keepMapped(err error, old int) {
	var lost interface{ mappedPrefix() int }
	if errors.As(err, &lost) {
		old = min(old, max(0, lost.mappedPrefix()-r.delta))
	}
	r.n.Store(uintptr(old))
}

// zeroTail clears what a shrink to size leaves of the old bytes in the
// last page it keeps, so that anonymous memory grows with zeros again. A
// Region that may not be written is made writable for the moment (a
// shrinking Resize does not race other methods).
func (r *Region) zeroTail(size, old int) error {
	end := min(old, roundUp(r.mapEnd(size), pageSize)-r.delta)
	if size == 0 || end <= size {
		return nil
	}
	prot := Prot(r.prot.Load())
	page := (r.delta + size) &^ (pageSize - 1)
	span := roundUp(r.delta+end, pageSize) - page
	if prot&ProtWrite == 0 {
		if err := sysProtect(unsafe.Add(r.m.addr, page), span, ProtRead|ProtWrite, r.flags); err != nil {
			return err
		}
	}
	clear(unsafe.Slice((*byte)(unsafe.Add(r.base, size)), end-size))
	if prot&ProtWrite == 0 {
		return sysProtect(unsafe.Add(r.m.addr, page), span, prot, r.flags)
	}
	return nil
}

// moveReservation moves the Region past its Cap: a new reservation of at
// least size (twice the old Cap when that fits, as append grows a slice),
// the file mapped anew into it, private and anonymous bytes copied
// across, and the old reservation released. The one Resize that changes
// the address.
func (r *Region) moveReservation(size int) error {
	old := r.Len()
	prot := Prot(r.prot.Load())
	carry := old > 0 && (r.m.file == noFile || r.flags&MapPrivate != 0)
	mprot := prot
	if carry {
		mprot = ProtRead | ProtWrite | prot&ProtExec
	}
	var m mapping
	var err error
	grown := size
	if r.capacity <= math.MaxInt/4 {
		grown = max(size, 2*r.capacity)
	}
	for _, want := range [...]int{grown, size} {
		if m, err = r.reserveNew(want, size, mprot); err == nil {
			break
		}
	}
	if err != nil {
		return err
	}
	if carry {
		n := min(old, size)
		if prot&ProtRead == 0 {
			if err := sysProtect(r.m.addr, r.mappedSize(), ProtRead, r.flags); err != nil {
				sysRelease(m.addr, m.size)
				return err
			}
		}
		dst := unsafe.Slice((*byte)(unsafe.Add(m.addr, r.delta)), n)
		if _, fault := guardedCopy(dst, r.Bytes()[:n]); fault {
			sysRelease(m.addr, m.size)
			if prot&ProtRead == 0 {
				sysProtect(r.m.addr, r.mappedSize(), prot, r.flags)
			}
			return ErrFault
		}
		if mprot != prot {
			if err := sysProtect(m.addr, roundUp(r.mapEnd(size), pageSize), prot, r.flags); err != nil {
				sysRelease(m.addr, m.size)
				return err
			}
		}
	}
	if err := sysRelease(r.m.addr, r.m.size); err != nil {
		sysRelease(m.addr, m.size)
		return err
	}
	r.cleanup.Stop()
	r.capacity = m.size - r.delta
	r.start(m, size)
	return nil
}

// reserveNew makes a reservation for want bytes of data and maps size of
// them, for moveReservation.
func (r *Region) reserveNew(want, size int, prot Prot) (mapping, error) {
	saved := r.capacity
	m, err := r.reserve(r.m.file, r.fileBase(), want, size, prot)
	r.capacity = saved // set by moveReservation once the move is done
	return m, err
}
