//go:build !js && !wasip1 && !plan9

package mmap_test

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"unsafe"

	"github.com/mmaplib/mmap"
)

// A log that appends and a reader that follows it: both Regions keep 1 MiB
// of address space to grow into, so neither ever moves.
func ExampleRegion_Cap() {
	dir, err := os.MkdirTemp("", "mmap-example-")
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(dir, "app.log")
	defer func() { os.Remove(path); os.Remove(dir) }()

	// The writer: the log, empty at first, with room for 1 MiB.
	w, err := mmap.Map(path, mmap.Options{Open: mmap.OpenWrite | mmap.OpenCreate,
		Prot: mmap.ProtRead | mmap.ProtWrite, Flags: mmap.MapShared, Reserve: 1 << 20})
	if err != nil {
		log.Fatal(err)
	}
	defer w.Close()
	// The reader: the same file, read-only, with the same room.
	rd, err := mmap.Map(path, mmap.Options{Flags: mmap.MapShared, Reserve: 1 << 20})
	if err != nil {
		log.Fatal(err)
	}
	defer rd.Close()
	fmt.Println(w.Len(), rd.Len(), w.Cap() >= 1<<20, rd.Cap() >= 1<<20)

	for _, line := range []string{"started\n", "listening on :8080\n", "stopped\n"} {
		end := w.Len()
		if err := w.Resize(end + len(line)); err != nil { // grows the file, in place
			log.Fatal(err)
		}
		if _, err := w.WriteAt([]byte(line), int64(end)); err != nil {
			log.Fatal(err)
		}
		// The reader follows the file to its new end (never past it).
		if err := rd.Resize(w.Len()); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("%s", rd.Bytes())
	// Output:
	// 0 0 true true
	// started
	// listening on :8080
	// stopped
}

// A database maps what its file holds and reserves the size it wants; it
// grows the file itself, with its own policy and an fsync, and only then
// the Region. Mapping never extends the file.
func ExampleOptions_reserve() {
	dir, err := os.MkdirTemp("", "mmap-example-")
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(dir, "my.db")
	defer func() { os.Remove(path); os.Remove(dir) }()
	if err := os.WriteFile(path, bytes.Repeat([]byte("page"), 8<<10), 0o644); err != nil { // 32 KiB
		log.Fatal(err)
	}

	db, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	// Read-only and shared, as bbolt maps: the Size is what the file
	// holds, the Reserve what the database may grow to.
	r, err := mmap.MapFile(db, mmap.Options{Flags: mmap.MapShared, Size: 32 << 10, Reserve: 1 << 20})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	data := r.Bytes()
	st, _ := db.Stat()
	fmt.Println("mapped", r.Len(), "file", st.Size())

	// The database grows its file, makes the size durable, then follows.
	if err := db.Truncate(64 << 10); err != nil {
		log.Fatal(err)
	}
	if err := db.Sync(); err != nil {
		log.Fatal(err)
	}
	if err := r.Resize(64 << 10); err != nil {
		log.Fatal(err)
	}
	if _, err := db.WriteAt([]byte("new page"), 40<<10); err != nil { // pwrite, as bbolt writes
		log.Fatal(err)
	}
	st, _ = db.Stat()
	fmt.Println("mapped", r.Len(), "file", st.Size())
	fmt.Println(string(r.Bytes()[40<<10:][:8]), "at the same address:", unsafe.SliceData(r.Bytes()) == unsafe.SliceData(data))
	// Output:
	// mapped 32768 file 32768
	// mapped 65536 file 65536
	// new page at the same address: true
}

// Anonymous memory with a Reserve is an arena that grows without moving:
// pointers into it stay valid.
func ExampleMapAnon_reserve() {
	arena, err := mmap.MapAnon(4096, mmap.Options{Reserve: 64 << 20})
	if err != nil {
		log.Fatal(err)
	}
	defer arena.Close()
	first := &arena.Bytes()[0]
	*first = 42
	if err := arena.Resize(32 << 20); err != nil {
		log.Fatal(err)
	}
	fmt.Println(arena.Len(), arena.Cap() >= 64<<20, *first, first == &arena.Bytes()[0])
	// Output: 33554432 true 42 true
}

// MapAllocate reserves the disk blocks of what is mapped, in Map and in
// every Resize that grows: a full disk is then an error there (ENOSPC),
// not a fault later when a write through Bytes() finds no space.
func ExampleMapFlag_allocate() {
	dir, err := os.MkdirTemp("", "mmap-example-")
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(dir, "data.bin")
	defer func() { os.Remove(path); os.Remove(dir) }()

	r, err := mmap.Map(path, mmap.Options{Open: mmap.OpenWrite | mmap.OpenCreate, Prot: mmap.ProtRead | mmap.ProtWrite,
		Flags: mmap.MapShared | mmap.MapAllocate, Size: 1 << 20, Reserve: 16 << 20})
	if err != nil {
		log.Fatal(err) // errors.Is(err, syscall.ENOSPC): the disk is full
	}
	defer r.Close()
	if err := r.Resize(4 << 20); err != nil {
		log.Fatal(err)
	}
	clear(r.Bytes()) // every page has its block: no fault
	fmt.Println(r.Len())
	// Output: 4194304
}
