//go:build windows

package mmap

import "syscall"

// Named shared memory on Windows is a section backed by the paging file,
// named Local\NAME (the caller's session). The Region keeps the section
// handle as its mapping's file (release closes it): Windows deletes the
// object when its last handle and view are gone, so it lives exactly as
// long as some Region of it, in this process or another. There is no name
// to remove, and a section cannot change its size.
//
// The size OpenShared finds is NtQuerySection's MaximumSize, the one
// record of a section's size there is: VirtualQuery of a view gives its
// page-rounded length only (CPython gh-101623, the Rust shared_memory
// crate's #107). Under Wine 8 MaximumSize is rounded up to whole pages
// too (TestSharedSectionSize logs it), so OpenShared with Size 0 maps the
// rounded size.
//
// CreateShared makes the section SEC_COMMIT: its whole size is charged
// against the commit limit when it is made, so a full page file fails
// CreateShared, never a later write. That is what MapAllocate promises,
// and it is accepted here without another call.

const (
	// From winnt.h.
	sectionQuery       = 0x0001 // SECTION_QUERY
	fileMapRead        = 0x0004 // FILE_MAP_READ (SECTION_MAP_READ)
	fileMapWrite       = 0x0002 // FILE_MAP_WRITE (SECTION_MAP_WRITE)
	fileMapExecute     = 0x0020 // FILE_MAP_EXECUTE (SECTION_MAP_EXECUTE_EXPLICIT)
	duplicateCloseSrc  = 0x1    // DUPLICATE_CLOSE_SOURCE
	localNamespace     = `Local\`
	shmNameBufferChars = len(localNamespace) + shmNameMax + 1
)

// sysShmResizable: a section keeps the size it was made with.
const sysShmResizable = false

// shmName is Local\NAME, NUL-terminated, in buf; name has been checked
// (ASCII only), so each byte is one UTF-16 unit.
func shmName(buf *[shmNameBufferChars]uint16, name string) *uint16 {
	s := localNamespace + name
	for i := 0; i < len(s); i++ {
		buf[i] = uint16(s[i])
	}
	buf[len(s)] = 0
	return &buf[0]
}

// sectionAccess is the access a Region's section handle needs: to query
// its size, and to map views as wide as the Region may ever be.
func sectionAccess(writable bool, prot Prot) uint32 {
	a := uint32(sectionQuery | fileMapRead)
	if writable {
		a |= fileMapWrite
	}
	if prot&ProtExec != 0 {
		a |= fileMapExecute
	}
	return a
}

func sysCreateShared(name string, size int, c Options) (*Region, error) {
	if c.Reserve != 0 {
		return nil, unsupported(opShmOpen, name, "Options.Reserve with shared memory")
	}
	var buf [shmNameBufferChars]uint16
	prot := uint32(syscall.PAGE_READWRITE)
	if c.Prot&ProtExec != 0 {
		prot = syscall.PAGE_EXECUTE_READWRITE
	}
	h, err := createNamedSection(prot|secCommit, uint64(size), shmName(&buf, name))
	if err != nil {
		return nil, err
	}
	writable := c.Prot&ProtWrite != 0
	if !writable {
		// Keep only a read-only handle: the Region cannot be made
		// writable later, as with a read-only descriptor on Unix.
		var ro syscall.Handle
		if err := syscall.DuplicateHandle(currentProcess, h, currentProcess, &ro, sectionAccess(false, c.Prot), false,
			duplicateCloseSrc); err != nil {
			syscall.CloseHandle(h)
			return nil, err
		}
		h = ro
	}
	r, err := mapSection(h, name, c, writable, int64(size))
	if err != nil {
		syscall.CloseHandle(h)
		return nil, err
	}
	return r, nil
}

func sysOpenShared(name string, c Options) (*Region, error) {
	if c.Reserve != 0 {
		return nil, unsupported(opShmOpen, name, "Options.Reserve with shared memory")
	}
	var buf [shmNameBufferChars]uint16
	writable := c.Prot&ProtWrite != 0
	h, err := openNamedSection(sectionAccess(writable, c.Prot), shmName(&buf, name))
	if err != nil {
		return nil, err
	}
	size, err := sectionSize(h)
	if err == nil {
		var r *Region
		if r, err = mapSection(h, name, c, writable, size); err == nil {
			return r, nil
		}
	}
	syscall.CloseHandle(h)
	return nil, err
}

// sysRemoveShared does nothing: Windows deletes a section, and its name,
// with its last handle, and has no call that takes a name away sooner.
func sysRemoveShared(string) error { return nil }

// mapSection maps the part of the section h (of size bytes) that c asks
// for into a new Region, which owns h from then on; on failure the caller
// closes h.
func mapSection(h syscall.Handle, name string, c Options, writable bool, size int64) (*Region, error) {
	length, err := shmSpan(name, c, size)
	if err != nil {
		return nil, err
	}
	r, base := shmRegion(name, c, writable)
	m := mapping{file: h}
	if length > 0 {
		max := ProtRead | c.Prot&ProtExec
		if writable {
			max |= ProtWrite
		}
		addr, err := mapViewOfFile(h, viewAccess(max, false), uint64(base), uintptr(r.delta+length))
		if err != nil {
			return nil, err
		}
		if c.Prot != max {
			if err := virtualProtect(addr, uintptr(r.delta+length), pageProt(c.Prot, false)); err != nil {
				unmapViewOfFile(addr)
				return nil, err
			}
		}
		m.addr, m.size = addr, r.delta+length
	}
	r.start(m, length)
	return r, nil
}
