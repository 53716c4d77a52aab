// Package mmap maps files and anonymous memory into the address space, on
// Linux (every GOARCH), macOS, Windows, the BSDs and the other Unixes, with
// the standard library alone.
//
// A Region owns one mapping: its address, its length and, for a file, a
// handle of its own on that file. Its bytes are reachable as a slice
// (Bytes) for the fastest access; through Guard, which lends that slice
// to a function and turns a memory fault (a file truncated under the
// mapping, a full disk behind a sparse file, a protection that forbids
// the access) into an *Error instead of killing the process; or through
// ReadAt and WriteAt, which follow the io contracts and are guarded the
// same way.
//
// A Region mapped with Options.Reserve keeps address space to grow into:
// Resize within Cap never moves it, while readers keep reading
// (grow.go). CreateShared and OpenShared map memory that other processes
// open by name (shared.go).
//
// Every error the package returns is an *Error. Flags that the running OS
// cannot honour fail with an error wrapping errors.ErrUnsupported; they are
// never dropped in silence.
package mmap

import (
	"io"
	"io/fs"
	"math"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Options describe a mapping. The zero Options is a read-only private
// mapping of a whole file.
type Options struct {
	Open   OpenFlag    // how Map opens the file; zero: OpenRead. MapFile ignores it.
	Prot   Prot        // zero: ProtRead for a file, ProtRead|ProtWrite for anonymous memory
	Flags  MapFlag     // zero: MapPrivate
	Size   int         // bytes to map; zero: from Offset to the end of the file
	Offset int64       // byte offset into the file; any value, the package aligns it
	Mode   fs.FileMode // permissions of a file that OpenCreate makes; zero: 0o666, less the umask

	// Reserve is the address space kept for the Region to grow into, in
	// bytes from Offset; zero: none (Cap() == Len()). It must be at least
	// the mapped length. The part past Len() is inaccessible and costs no
	// memory, commit charge or disk; the file is never extended to it.
	// Resize within Cap() then never moves the Region (see Resize).
	// ErrUnsupported on AIX unless the process runs with XPG_SUS_ENV=ON
	// (its mmap does not map over reserved pages otherwise), and with
	// MapHugePages on Windows.
	Reserve int
}

// Region is one mapped range of a file or of anonymous memory.
//
// Its methods may be called from several goroutines at once, with these
// exceptions: Close, Lock, Unlock and a Resize that shrinks the Region or
// moves it must not race with any other method, and Protect only with
// ReadAt, WriteAt and Guard. A Resize that grows within Cap may race
// everything else (see Resize). Breaking these rules is the caller's bug,
// as it is for an *os.File, and the race detector reports it.
//
// A Region that becomes unreachable without Close is unmapped, and its file
// handle closed, by a cleanup after garbage collection. That is a safety
// net, not a way to manage memory: a slice returned by Bytes does not keep
// the Region alive, so keep the Region reachable (call Close when done,
// or runtime.KeepAlive) for as long as the slice is used.
type Region struct {
	// base is the caller's first byte, m.addr+delta (emptyBase when
	// nothing is mapped, nil once closed). It stays put while the Region
	// grows or shrinks within its reservation; only a Resize past Cap, or
	// of a Region without a reservation, moves it.
	base unsafe.Pointer
	// n is Len(). It is read atomically by every method that may run
	// while a Resize grows the Region within Cap (Bytes, ReadAt, WriteAt,
	// Guard, Sync, Advise, Resident, ...): the bytes below n are mapped
	// before n is raised to cover them.
	n        atomic.Uintptr
	capacity int           // Cap() of a Region with a reservation
	reserved bool          // m is a reservation: [0, Cap) is address space of the Region's own
	m        mapping       // what the OS handed out; zero when nothing is mapped
	delta    int           // where the data starts inside the OS mapping (Offset less its aligned base)
	off      int64         // file offset of data[0]
	path     string        // for errors; "" for anonymous memory
	prot     atomic.Uint32 // the Prot in force; read by ReadAt/WriteAt while Protect may change it
	flags    MapFlag       // normalized: exactly one of MapPrivate and MapShared
	writable bool          // the file handle allows writing; false for anonymous memory
	device   bool          // the file has no known size (a device): never extended
	shm      bool          // a named shared-memory object (shared.go): nothing to make durable
	closed   bool
	cleanup  runtime.Cleanup
}

// emptyBase is where the Bytes of a Region with nothing mapped point: a
// valid address for an empty slice, so that Bytes is empty but not nil.
var emptyBase byte

// mapping is what must be undone: the OS mapping and the Region's own file
// handle. It is kept apart from the Region so that the cleanup can hold a
// copy without keeping the Region reachable.
type mapping struct {
	addr     unsafe.Pointer // start of the OS mapping, granularity-aligned; nil when nothing is mapped
	size     int            // its length as given to the OS (the whole reservation, when reserved)
	file     fileHandle     // noFile for anonymous memory
	reserved bool           // addr is a reservation (grow.go), released whole by sysRelease
}

// release unmaps and closes, reporting the first failure as op.
func (m mapping) release(op, path string) error {
	var err error
	if m.addr != nil {
		unmap := sysUnmap
		if m.reserved {
			unmap = sysRelease
		}
		if e := unmap(m.addr, m.size); e != nil {
			err = newError(op, path, e)
		}
	}
	if m.file != noFile {
		if e := sysCloseFile(m.file); e != nil && err == nil {
			err = newError(op, path, e)
		}
	}
	return err
}

// dropped is what the cleanup of a Region dropped without Close needs:
// its mapping, with the address as a number. AddCleanup copies its
// argument to the heap and keeps that copy as a GC root until the cleanup
// runs or is stopped; without a pointer in it, the copy is a noscan
// object that the GC never scans (AddCleanup+Stop measured ~225 ns
// instead of ~250 ns). The address is of memory the OS mapped, never of
// the Go heap.
type dropped struct {
	addr     uintptr
	size     int
	file     fileHandle
	reserved bool
}

func releaseMapping(d dropped) {
	mapping{addr: unsafe.Add(nil, d.addr), size: d.size, file: d.file, reserved: d.reserved}.release("munmap", "")
}

var (
	pageSize    = sysPageSize()
	granularity = sysGranularity()
	// hugePageSize is the size of a page of MapHugePages memory; 0 where
	// the OS has none. Asked for the first time it is needed.
	hugePageSize = sync.OnceValue(sysHugePageSize)
)

func roundUp(n, to int) int { return (n + to - 1) / to * to }

// PageSize returns the size of a memory page of the OS (os.Getpagesize,
// or GetSystemInfo's dwPageSize on Windows).
func PageSize() int { return pageSize }

// Granularity returns the alignment the OS demands of a file offset in a
// mapping: the page size, but 64 KiB (dwAllocationGranularity) on Windows.
// Options.Offset need not honour it; Map aligns it internally.
func Granularity() int { return granularity }

type source int

const (
	fromPath source = iota // Map with a path: Options.Open counts
	fromFile               // MapFile: the file's own access mode counts
	fromAnon               // anonymous memory
)

// normalize checks o for the rules that are the same on every OS and fills
// in the defaults, then refuses what this OS cannot honour.
func normalize(o Options, src source, path string) (Options, error) {
	const op = "mmap"
	c := o
	if src != fromPath {
		c.Open = 0 // a file the caller opened, or none: nothing to open
	}
	switch {
	case c.Open&^openAll != 0:
		return c, invalid(op, path, "unknown OpenFlag bits "+(c.Open&^openAll).String())
	case c.Prot&^protAll != 0:
		return c, invalid(op, path, "unknown Prot bits "+(c.Prot&^protAll).String())
	case c.Flags&^mapAll != 0:
		return c, invalid(op, path, "unknown MapFlag bits "+(c.Flags&^mapAll).String())
	case c.Mode&^(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky) != 0:
		return c, invalid(op, path, "Mode has bits other than permissions: "+c.Mode.String())
	}
	if c.Open&(OpenRead|OpenWrite) == 0 && src == fromPath {
		c.Open |= OpenRead
	}
	if c.Flags&(MapPrivate|MapShared) == 0 {
		c.Flags |= MapPrivate
	}
	if c.Prot == 0 {
		c.Prot = ProtRead
		if src == fromAnon {
			c.Prot |= ProtWrite
		}
	}
	switch {
	case c.Size < 0:
		return c, invalid(op, path, "negative Size")
	case c.Offset < 0:
		return c, invalid(op, path, "negative Offset")
	case c.Reserve < 0:
		return c, invalid(op, path, "negative Reserve")
	case c.Flags&MapAllocate != 0 && (src == fromAnon || c.Flags&MapShared == 0):
		return c, invalid(op, path, "MapAllocate without a shared mapping of a file")
	case c.Flags&MapAllocate != 0 && src == fromPath && c.Open&OpenWrite == 0:
		return c, invalid(op, path, "MapAllocate on a file opened without OpenWrite")
	case c.Prot&ProtNone != 0 && c.Prot != ProtNone:
		return c, invalid(op, path, "ProtNone combined with "+(c.Prot&^ProtNone).String())
	case c.Flags&MapPrivate != 0 && c.Flags&MapShared != 0:
		return c, invalid(op, path, "MapPrivate and MapShared together")
	case c.Flags&MapNonBlock != 0 && c.Flags&MapPopulate == 0:
		return c, invalid(op, path, "MapNonBlock without MapPopulate")
	case src != fromAnon && c.Flags&MapAnonymous != 0:
		return c, invalid(op, path, "MapAnonymous with a file")
	case src != fromAnon && c.Flags&MapHugePages != 0:
		return c, invalid(op, path, "MapHugePages with a file (anonymous memory only)")
	case src == fromAnon && c.Offset != 0:
		return c, invalid(op, path, "Offset with anonymous memory")
	case src == fromPath && c.Open&OpenTruncate != 0 && c.Open&OpenWrite == 0:
		return c, invalid(op, path, "OpenTruncate without OpenWrite")
	case src == fromPath && c.Flags&MapShared != 0 && c.Prot&ProtWrite != 0 && c.Open&OpenWrite == 0:
		return c, invalid(op, path, "shared ProtWrite mapping of a file opened without OpenWrite")
	}
	if src == fromAnon {
		c.Flags |= MapAnonymous
	}
	if bad := c.Open &^ (sysOpenFlags | OpenRead | OpenWrite); bad != 0 {
		return c, unsupported("open", path, bad.String())
	}
	if bad := c.Prot &^ sysProtFlags; bad != 0 {
		return c, unsupported(op, path, bad.String())
	}
	if bad := c.Flags &^ sysMapFlags; bad != 0 {
		return c, unsupported(op, path, bad.String())
	}
	return c, nil
}

// Map maps the file at path, opening it as o.Open says. With an empty path
// and MapAnonymous in o.Flags it maps o.Size bytes of anonymous memory, as
// MapAnon does. It is the seed's MMAP.
//
// Size zero maps from Offset to the end of the file; a zero-length result
// is a valid empty Region, for which nothing is mapped. A mapping that
// reaches past the end of the file extends the file to Offset+Size when it
// is opened with OpenWrite (as Windows does by itself) and fails with
// ErrInvalid otherwise. Offset may be any value: the mapping starts at the
// aligned offset below it and Bytes starts at Offset.
//
// Cost: open, fstat and mmap (CreateFileW, CreateFileMappingW and
// MapViewOfFile on Windows), plus ftruncate when the file grows; two small
// allocations. The pages are read on first touch, unless MapPopulate.
//
// On Windows a private mapping is a FILE_MAP_COPY view, even a read-only
// one (so that Protect may add ProtWrite later), and Windows charges such
// a view against the commit limit in full: a private mapping of a file
// larger than RAM plus the page file fails there. Map such files shared.
func Map(path string, o Options) (*Region, error) {
	if path == "" {
		if o.Flags&MapAnonymous == 0 {
			return nil, invalid("mmap", "", "empty path without MapAnonymous")
		}
		return MapAnon(o.Size, o)
	}
	c, err := normalize(o, fromPath, path)
	if err != nil {
		return nil, err
	}
	h, err := sysOpen(path, c.Open, c.Mode, c.Prot)
	if err != nil {
		return nil, newError("open", path, err)
	}
	r, err := mapFile(h, path, c, c.Open&OpenWrite != 0)
	if err != nil {
		sysCloseFile(h)
		return nil, err
	}
	return r, nil
}

// MapFile maps f, which the caller opened and still owns: the Region takes
// a duplicate handle of its own (close-on-exec, not inheritable), so f may
// be closed at any time and Close never closes f. Options.Open is ignored:
// f's own access mode decides. A shared ProtWrite mapping of a file opened
// read-only fails with the OS's error, which matches fs.ErrPermission.
func MapFile(f *os.File, o Options) (*Region, error) {
	if f == nil {
		return nil, invalid("mmap", "", "nil *os.File")
	}
	path := f.Name()
	c, err := normalize(o, fromFile, path)
	if err != nil {
		return nil, err
	}
	h, writable, err := sysDup(f)
	if err != nil {
		return nil, newError("mmap", path, err)
	}
	if c.Flags&MapAllocate != 0 && !writable {
		sysCloseFile(h)
		return nil, invalid("mmap", path, "MapAllocate on a file opened read-only")
	}
	r, err := mapFile(h, path, c, writable)
	if err != nil {
		sysCloseFile(h)
		return nil, err
	}
	return r, nil
}

// MapAnon maps size bytes of zeroed memory that belongs to no file
// (MapAnonymous is implied). o.Size must be 0 or equal to size and
// o.Offset 0; o.Open is ignored, as there is no file to open. MapShared
// memory is shared with child processes that inherit it; the default
// MapPrivate memory is not.
func MapAnon(size int, o Options) (*Region, error) {
	if o.Size != 0 && o.Size != size {
		return nil, invalid("mmap", "", "Options.Size differs from size")
	}
	o.Size = size
	c, err := normalize(o, fromAnon, "")
	if err != nil {
		return nil, err
	}
	if c.Size == 0 {
		return nil, invalid("mmap", "", "anonymous memory needs a positive size")
	}
	if c.Size > math.MaxInt-granularity {
		return nil, invalid("mmap", "", "size too large")
	}
	msize := c.Size
	if c.Flags&MapHugePages != 0 {
		hp := hugePageSize()
		if hp <= 0 {
			return nil, unsupported("mmap", "", "MapHugePages")
		}
		if msize > math.MaxInt-hp {
			return nil, invalid("mmap", "", "size too large")
		}
		msize = roundUp(msize, hp)
	}
	r := &Region{flags: c.Flags}
	r.prot.Store(uint32(c.Prot))
	var m mapping
	if c.Reserve > 0 {
		if c.Reserve < c.Size {
			return nil, invalid("mmap", "", "Reserve smaller than the size")
		}
		m, err = r.reserve(noFile, 0, c.Reserve, c.Size, c.Prot)
	} else {
		m = mapping{size: msize, file: noFile}
		m.addr, err = sysMap(noFile, 0, msize, c.Prot, c.Flags)
	}
	if err != nil {
		return nil, asError("mmap", "", err)
	}
	r.start(m, c.Size)
	return r, nil
}

// mapFile maps the file behind h, which the caller closes on failure.
func mapFile(h fileHandle, path string, c Options, writable bool) (*Region, error) {
	size, kind, err := sysStat(h)
	if err != nil {
		return nil, newError("mmap", path, err)
	}
	return mapStatted(h, path, c, writable, size, kind)
}

// mapStatted is mapFile of a file whose size and kind are known.
func mapStatted(h fileHandle, path string, c Options, writable bool, size int64, kind fileKind) (*Region, error) {
	const op = "mmap"
	r := &Region{path: path, off: c.Offset, flags: c.Flags, writable: writable}
	r.prot.Store(uint32(c.Prot))
	length := c.Size
	grow := int64(-1)
	switch kind {
	case kindDir:
		return nil, invalid(op, path, "is a directory")
	case kindOther:
		return nil, invalid(op, path, "not a regular file or a device")
	case kindDevice:
		// A device reports no useful size: the caller must say how much.
		if length == 0 {
			return nil, invalid(op, path, "the size of a device is unknown: Options.Size is needed")
		}
		if c.Offset > math.MaxInt64-int64(length) {
			return nil, invalid(op, path, "Offset+Size overflows")
		}
		r.device = true
	default:
		switch {
		case length == 0 && c.Offset > size:
			return nil, invalid(op, path, "Offset past the end of the file")
		case length == 0:
			if size-c.Offset > int64(math.MaxInt-granularity) {
				return nil, invalid(op, path, "the file is too large to map at once: set Options.Size")
			}
			length = int(size - c.Offset)
		case c.Offset > math.MaxInt64-int64(length):
			return nil, invalid(op, path, "Offset+Size overflows")
		case c.Offset+int64(length) > size && !writable:
			return nil, invalid(op, path, "the mapping reaches past the end of a file not opened for writing")
		case c.Offset+int64(length) > size:
			grow = c.Offset + int64(length)
		}
	}
	if length > math.MaxInt-granularity {
		return nil, invalid(op, path, "Size too large")
	}
	if c.Reserve > 0 {
		switch {
		case r.device:
			return nil, invalid(op, path, "Reserve for a device, whose size is unknown")
		case c.Reserve < length:
			return nil, invalid(op, path, "Reserve smaller than the mapped length")
		case c.Offset > math.MaxInt64-int64(c.Reserve):
			return nil, invalid(op, path, "Offset+Reserve overflows")
		}
	}
	if grow >= 0 {
		if err := sysTruncate(h, grow); err != nil {
			return nil, newError(op, path, err)
		}
	}
	undo := func() {
		if grow >= 0 {
			sysTruncate(h, size) // undo the growth this call made
		}
	}
	if c.Flags&MapAllocate != 0 && length > 0 {
		if err := sysAllocate(h, c.Offset, int64(length)); err != nil {
			undo()
			return nil, asError(op, path, err)
		}
	}
	base := c.Offset &^ int64(granularity-1)
	r.delta = int(c.Offset - base)
	m := mapping{file: h}
	var err2 error
	switch {
	case c.Reserve > 0:
		m, err2 = r.reserve(h, base, c.Reserve, length, c.Prot)
	case length > 0:
		m.size = r.delta + length
		m.addr, err2 = sysMap(h, base, m.size, c.Prot, c.Flags)
	}
	if err2 != nil {
		undo()
		return nil, asError(op, path, err2)
	}
	r.start(m, length)
	return r, nil
}

// start gives a new Region its mapping m, holding length bytes at r.delta
// (none when m.addr is nil), and registers the cleanup that releases m
// should the Region be dropped without Close.
func (r *Region) start(m mapping, length int) {
	r.m = m
	r.setLen(length)
	r.cleanup = runtime.AddCleanup(r, releaseMapping, dropped{uintptr(m.addr), m.size, m.file, m.reserved})
}

// setLen points the Region at m.addr+delta and publishes its new length.
// The pages below the new length must be mapped already: readers that see
// the new length use them at once.
func (r *Region) setLen(length int) {
	if r.m.addr == nil {
		r.base = unsafe.Pointer(&emptyBase)
	} else {
		r.base = unsafe.Add(r.m.addr, r.delta)
	}
	if !r.reserved {
		r.capacity = length
	}
	r.n.Store(uintptr(length))
}

// With maps path, calls fn with the Region and unmaps it on every way out,
// a panic included: the seed's WITH-MMAP. It returns fn's error as it is,
// or else the error of unmapping. The Region and its Bytes must not be
// used after fn returns.
func With(path string, o Options, fn func(r *Region) error) (err error) {
	if fn == nil {
		return invalid("mmap", path, "nil function given to With")
	}
	r, err := Map(path, o)
	if err != nil {
		return err
	}
	defer func() {
		if r.closed { // fn closed it itself: nothing is left to undo
			return
		}
		if cerr := r.Close(); err == nil {
			err = cerr
		}
	}()
	return fn(r)
}

// Bytes returns the mapped memory, Len() bytes long; nil after Close.
//
// It is the fastest access and the least safe: a slice must not be used
// after Close, after a Resize that moved the Region (one without a
// reservation, or past Cap), or after a shrink below its length (the
// memory is gone: the process crashes), nor after the Region became
// unreachable; writing to it when the Region lacks ProtWrite crashes; and
// a fault (a file truncated by someone else) is a fatal signal, not an
// error. Guard gives the same slice with faults turned into errors; ReadAt
// and WriteAt copy under the same guard.
func (r *Region) Bytes() []byte { return unsafe.Slice((*byte)(r.base), r.n.Load()) }

// Len returns the length of the Region in bytes; 0 after Close.
func (r *Region) Len() int { return int(r.n.Load()) }

// Cap returns the length the Region can reach by Resize without moving:
// Len() and the reserved address space past it (Options.Reserve). It is
// Len() for a Region mapped without a reservation, and 0 after Close.
func (r *Region) Cap() int { return r.capacity }

// ReadAt copies the bytes at off into p, following io.ReaderAt: at or past
// the end it returns 0, io.EOF; a read that reaches the end returns what
// it got and io.EOF. A memory fault (SIGBUS from a truncated file, an
// access to ProtNone memory) returns an *Error wrapping ErrFault, with n a
// lower bound of the bytes copied. It allocates nothing and costs a copy
// plus a few nanoseconds for the fault guard.
func (r *Region) ReadAt(p []byte, off int64) (int, error) {
	// One comparison rules out a closed Region (its data is nil), a
	// negative off and the end; readAtEnd tells which it was.
	n := r.n.Load()
	if uint64(off) >= uint64(n) {
		return 0, r.readAtEnd(off)
	}
	if Prot(r.prot.Load()) == ProtNone {
		return 0, newError("read", r.path, ErrFault)
	}
	// tryCopy is the cheapest fault-safe copy there is; a defer in
	// ReadAt itself costs several nanoseconds more (bench_test.go).
	src := unsafe.Slice((*byte)(unsafe.Add(r.base, off)), n-uintptr(off))
	c := tryCopy(p, src)
	runtime.KeepAlive(r)
	if c < len(p) {
		if c < 0 { // a fault: count what can be copied before it
			return copyUntilFault(p, src), newError("read", r.path, ErrFault)
		}
		return c, io.EOF
	}
	return c, nil
}

// WriteAt copies p into the Region at off, following io.WriterAt. It never
// grows the Region: it writes what fits and, when that is less than p,
// returns the count and an *Error wrapping io.ErrShortWrite. Writing to a
// Region without ProtWrite, or a memory fault (a truncated file, a full
// disk behind a sparse file), returns an *Error wrapping ErrFault, with n
// a lower bound of the bytes written. It allocates nothing.
func (r *Region) WriteAt(p []byte, off int64) (int, error) {
	// As in ReadAt: one comparison for closed, negative, past the end
	// (and an empty p); writeAtEnd sorts them out.
	n := r.n.Load()
	if uint64(off) >= uint64(n) || len(p) == 0 {
		return 0, r.writeAtEnd(p, off)
	}
	if Prot(r.prot.Load())&ProtWrite == 0 {
		return 0, newError("write", r.path, ErrFault)
	}
	dst := unsafe.Slice((*byte)(unsafe.Add(r.base, off)), n-uintptr(off))
	c := tryCopy(dst, p)
	runtime.KeepAlive(r)
	if c < len(p) {
		if c < 0 {
			return copyUntilFault(dst, p), newError("write", r.path, ErrFault)
		}
		return c, newError("write", r.path, io.ErrShortWrite)
	}
	return c, nil
}

// Protect changes the access allowed to the whole Region: the seed's
// MPROTECT (VirtualProtect on Windows). A protection the mapping was not
// made with may be refused by the OS: map with the widest protection you
// will need, then narrow it. Protect(0) is ErrInvalid: ask for ProtNone by
// name. ProtWrite on a shared mapping of a file opened read-only is
// ErrInvalid. On failure the old protection stays.
func (r *Region) Protect(p Prot) error {
	const op = "mprotect"
	if r.closed {
		return closed(op, r.path)
	}
	switch {
	case p == 0:
		return invalid(op, r.path, "Prot 0 (ask for ProtNone by name)")
	case p&^protAll != 0:
		return invalid(op, r.path, "unknown Prot bits "+(p&^protAll).String())
	case p&ProtNone != 0 && p != ProtNone:
		return invalid(op, r.path, "ProtNone combined with "+(p&^ProtNone).String())
	case p&^sysProtFlags != 0:
		return unsupported(op, r.path, (p &^ sysProtFlags).String())
	case p&ProtWrite != 0 && r.flags&MapShared != 0 && r.m.file != noFile && !r.writable:
		return invalid(op, r.path, "ProtWrite on a shared mapping of a file opened read-only")
	}
	if size := r.mappedSize(); size > 0 {
		if err := sysProtect(r.m.addr, size, p, r.flags); err != nil {
			return newError(op, r.path, err)
		}
	}
	r.prot.Store(uint32(p))
	runtime.KeepAlive(r)
	return nil
}

// normSync checks a SyncFlag and fills in SyncWait where neither SyncWait
// nor SyncAsync is given.
func normSync(op, path string, f SyncFlag) (SyncFlag, error) {
	switch {
	case f&^syncAll != 0:
		return f, invalid(op, path, "unknown SyncFlag bits "+(f&^syncAll).String())
	case f&SyncWait != 0 && f&SyncAsync != 0:
		return f, invalid(op, path, "SyncWait and SyncAsync together")
	case f&SyncAsync == 0:
		f |= SyncWait
	}
	if bad := f &^ sysSyncFlags; bad != 0 {
		return f, unsupported(op, path, bad.String())
	}
	if pair := SyncAsync | SyncInvalidate; f&pair == pair && !sysAsyncInvalidate {
		return f, unsupported(op, path, pair.String()) // FreeBSD, DragonFly: EINVAL
	}
	return f, nil
}

// Sync writes the Region's changes back to its file: the seed's MSYNC.
// SyncWait (also what 0 means) returns once the data is durable on every
// OS: msync(MS_SYNC) on Linux, plus fcntl(F_FULLFSYNC) on macOS and fsync
// on the other Unixes, FlushViewOfFile plus FlushFileBuffers on Windows.
// SyncAsync only schedules the write. A private, anonymous or read-only
// Region has nothing to write: Sync checks its flags and returns nil.
// It allocates nothing; its cost is the disk's.
func (r *Region) Sync(f SyncFlag) error {
	return r.syncRange(0, r.Len(), f)
}

// syncRange is Sync of [off, off+n), already checked against the bounds.
func (r *Region) syncRange(off, n int, f SyncFlag) error {
	const op = "msync"
	if r.closed {
		return closed(op, r.path)
	}
	f, err := normSync(op, r.path, f)
	if err != nil {
		return err
	}
	if n == 0 || r.flags&MapShared == 0 || r.m.file == noFile || !r.writable || r.shm {
		return nil
	}
	start, end := r.pageSpan(off, n)
	if err := sysSync(unsafe.Add(r.m.addr, start), end-start, r.m.file, f); err != nil {
		return newError(op, r.path, err)
	}
	runtime.KeepAlive(r)
	return nil
}

// pageSpan widens the Region's byte range [off, off+n) to whole pages of
// the OS mapping, as offsets from m.addr.
func (r *Region) pageSpan(off, n int) (start, end int) {
	start = (r.delta + off) &^ (pageSize - 1)
	end = r.delta + off + n
	end = min((end+pageSize-1)&^(pageSize-1), r.mappedSize())
	return start, end
}

// Close unmaps the Region and closes its file handle: the seed's MUNMAP.
// Changes to a shared mapping stay in the page cache and reach the file in
// time; call Sync first to make them durable. A second Close returns an
// *Error wrapping ErrClosed. Bytes must not be used afterwards.
func (r *Region) Close() error {
	if r.closed {
		return closed("munmap", r.path)
	}
	r.closed = true
	r.cleanup.Stop()
	m := r.m
	r.m, r.base, r.capacity = mapping{file: noFile}, nil, 0
	r.n.Store(0)
	return m.release("munmap", r.path)
}
