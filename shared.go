package mmap

import (
	"io/fs"
	"math"
)

// Named shared memory: an object of the OS that several processes map by
// name (POSIX shm_open on Unix, a named section on Windows). The rules that
// are the same everywhere live here; each OS opens, removes and maps the
// object in its sys_*_shm.go file, behind sysCreateShared, sysOpenShared,
// sysRemoveShared and sysShmResizable.

const (
	opShmOpen   = "shm_open"
	opShmUnlink = "shm_unlink"
	// shmNameMax is the longest name: macOS keeps 31 bytes of a name
	// (PSHMNAMLEN in <sys/posix_shm.h>), the leading slash included.
	shmNameMax = 30
)

// CreateShared makes a new named shared-memory object of size bytes,
// zeroed, and maps all of it. Another process that opens the same name
// (OpenShared) sees the same bytes. A name already taken is an *Error
// matching fs.ErrExist: CreateShared never opens an object it did not make.
//
// A name is 1 to 30 bytes of [A-Za-z0-9._-] and does not start with a
// dot; the package adds what the OS needs (a leading slash for shm_open,
// "Local\" on Windows). Options: the zero Prot is ProtRead|ProtWrite; a
// Prot without ProtWrite still creates the object, zeroed, but opens it
// read-only. MapShared is implied; MapPrivate, MapAnonymous and
// MapHugePages are ErrInvalid; the other flags work as for files. Mode is
// the permission of the new object (zero: 0o600, less the umask; Windows
// gives a named section the default security of the caller's session and
// ignores Mode). Open is ignored. o.Size must be 0 or size and o.Offset 0.
//
// Lifetime: on Unix the object lives until RemoveShared removes its name,
// even after every process closed its Region (mappings made before stay
// valid after the removal); on Windows it lives while some process holds a
// Region of it, and disappears with the last one.
//
// Cost: on Linux open(2) of /dev/shm/NAME with O_CREAT|O_EXCL, ftruncate,
// fstat and mmap; elsewhere the OS's shm_open (or CreateFileMappingW and
// MapViewOfFile). The pages cost memory once touched (RAM or swap; on
// OpenBSD the object is a file in /tmp); on Windows the whole size is
// charged against the commit limit (RAM plus page file) as soon as the
// section exists. If anything fails after the object was made, it is
// removed again. Every error is an *Error with Op "shm_open" and Path
// name.
//
// On Unix the object is made, then sized: a process that opens the name
// in between finds it empty, so tell readers when it is ready (Windows
// makes and sizes a section at once).
func CreateShared(name string, size int, o Options) (*Region, error) {
	c, err := normShared(name, o, true)
	if err != nil {
		return nil, err
	}
	switch {
	case o.Size != 0 && o.Size != size:
		return nil, invalid(opShmOpen, name, "Options.Size differs from size")
	case o.Offset != 0:
		return nil, invalid(opShmOpen, name, "Offset with CreateShared")
	case size <= 0:
		return nil, invalid(opShmOpen, name, "a shared-memory object needs a positive size")
	case size > math.MaxInt-granularity:
		return nil, invalid(opShmOpen, name, "size too large")
	}
	c.Size = size
	r, err := sysCreateShared(name, size, c)
	if err != nil {
		return nil, shmError(name, err)
	}
	return r, nil
}

// OpenShared maps a named shared-memory object that exists (an *Error
// matching fs.ErrNotExist otherwise): all of it with o.Size 0, or o.Size
// bytes at o.Offset. It never changes the object's size: an Offset or Size
// past its end is ErrInvalid. The zero Prot is ProtRead; a Prot without
// ProtWrite opens the object read-only, so that Protect(ProtWrite) is
// refused and WriteAt fails with ErrFault. The other Options are those of
// CreateShared (Mode is unused: nothing is created).
//
// The size of an object is what its OS records: the size given to
// CreateShared on Linux, the BSDs and the other Unixes; on macOS that
// size rounded up to whole pages (XNU rounds an object when it is sized);
// on Windows the size NtQuerySection reports for the section, which is
// rounded up to whole pages too (measured under Wine 8; CPython gh-101623
// finds the same through VirtualQuery on Windows). Pass o.Size to map
// exactly what the creator made.
func OpenShared(name string, o Options) (*Region, error) {
	c, err := normShared(name, o, false)
	if err != nil {
		return nil, err
	}
	r, err := sysOpenShared(name, c)
	if err != nil {
		return nil, shmError(name, err)
	}
	return r, nil
}

// RemoveShared removes a name made by CreateShared, so that it may be
// created again; Regions mapped before keep their memory, which is freed
// when the last of them is closed. On Unix a name that does not exist is
// an *Error matching fs.ErrNotExist, with Op "shm_unlink".
//
// On Windows an object lives exactly as long as some process holds a
// Region of it, and its name with it: there RemoveShared checks the name
// and returns nil, doing nothing. Removing a name another process still
// uses is safe on every OS: its mappings stay valid.
func RemoveShared(name string) error {
	if err := checkShmName(opShmUnlink, name); err != nil {
		return err
	}
	if err := sysRemoveShared(name); err != nil {
		return newError(opShmUnlink, name, err)
	}
	return nil
}

// checkShmName enforces the portable name rule: 1 to 30 bytes of
// [A-Za-z0-9._-], not starting with a dot (no ".", "..", hidden files on
// the systems that keep objects as files). The rule leaves out everything
// some OS treats specially: slashes (paths), backslashes (Windows
// namespaces), NUL, and bytes whose meaning depends on an encoding.
func checkShmName(op, name string) error {
	switch {
	case name == "":
		return invalid(op, name, "empty shared-memory name")
	case len(name) > shmNameMax:
		return invalid(op, name, "shared-memory name longer than 30 bytes")
	case name[0] == '.':
		return invalid(op, name, "shared-memory name starting with a dot")
	}
	for i := 0; i < len(name); i++ {
		switch b := name[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '.', b == '_', b == '-':
		default:
			return invalid(op, name, "shared-memory name with a byte outside [A-Za-z0-9._-]")
		}
	}
	return nil
}

// normShared checks name and o for CreateShared (create) or OpenShared
// and fills in the defaults; the rest of the checks are normalize's, for
// a file the package did not open (so that Open is ignored).
func normShared(name string, o Options, create bool) (Options, error) {
	if err := checkShmName(opShmOpen, name); err != nil {
		return o, err
	}
	switch {
	case o.Flags&MapPrivate != 0:
		return o, invalid(opShmOpen, name, "MapPrivate with shared memory")
	case o.Flags&MapAnonymous != 0:
		return o, invalid(opShmOpen, name, "MapAnonymous with shared memory")
	case o.Flags&MapHugePages != 0:
		return o, invalid(opShmOpen, name, "MapHugePages with shared memory")
	}
	o.Flags |= MapShared
	if o.Prot == 0 {
		o.Prot = ProtRead
		if create {
			o.Prot |= ProtWrite
		}
	}
	switch {
	case o.Mode&^fs.ModePerm != 0:
		return o, invalid(opShmOpen, name, "Mode has bits other than permissions: "+o.Mode.String())
	case o.Flags&MapAllocate != 0 && o.Prot&ProtWrite == 0:
		return o, invalid(opShmOpen, name, "MapAllocate on shared memory opened read-only")
	}
	if o.Mode == 0 {
		o.Mode = 0o600
	}
	c, err := normalize(o, fromFile, name)
	if err != nil {
		return c, shmError(name, err)
	}
	return c, nil
}

// shmSpan is the part of an object of objSize bytes that OpenShared maps:
// its length, from c.Offset. It never reaches past the end.
func shmSpan(name string, c Options, objSize int64) (int, error) {
	switch {
	case c.Offset > objSize:
		return 0, invalid(opShmOpen, name, "Offset past the end of the shared-memory object")
	case c.Size == 0 && objSize-c.Offset > int64(math.MaxInt-granularity):
		return 0, invalid(opShmOpen, name, "the object is too large to map at once: set Options.Size")
	case c.Size == 0:
		return int(objSize - c.Offset), nil
	case c.Size > math.MaxInt-granularity || int64(c.Size) > objSize-c.Offset:
		return 0, invalid(opShmOpen, name, "Offset+Size past the end of the shared-memory object (OpenShared never resizes it)")
	}
	return c.Size, nil
}

// shmRegion is a new Region of shared memory for c, before anything is
// mapped, where the OS's own call builds the mapping (Windows);
// base is the aligned offset of the object at which that mapping starts.
func shmRegion(name string, c Options, writable bool) (r *Region, base int64) {
	base = c.Offset &^ int64(granularity-1)
	r = &Region{path: name, off: c.Offset, delta: int(c.Offset - base), flags: c.Flags, writable: writable, shm: true}
	r.prot.Store(uint32(c.Prot))
	return r, base
}

// shmError gives err the Op and Path every error of CreateShared and
// OpenShared carries: an *Error made on the way (by normalize or mapFile)
// is relabelled, an OS error wrapped.
func shmError(name string, err error) error {
	if e, ok := err.(*Error); ok {
		e.Op, e.Path = opShmOpen, name
		return e
	}
	return newError(opShmOpen, name, err)
}
