//go:build !js && !wasip1 && !plan9

package mmap_test

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/mmaplib/mmap"
)

// exampleFile writes content to a file in a fresh directory; the examples
// remove it when they are done.
func exampleFile(content string) (path string, done func()) {
	dir, err := os.MkdirTemp("", "mmap-example-")
	if err != nil {
		log.Fatal(err)
	}
	path = filepath.Join(dir, "data.txt")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		log.Fatal(err)
	}
	return path, func() { os.Remove(path); os.Remove(dir) }
}

func ExampleMap() {
	path, done := exampleFile("hello, mapped world\n")
	defer done()

	// The zero Options map the whole file, read-only and private.
	r, err := mmap.Map(path, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Printf("%d bytes: %s", r.Len(), r.Bytes())
	// Output: 20 bytes: hello, mapped world
}

func ExampleMap_offset() {
	path, done := exampleFile("header|payload")
	defer done()

	// Any offset will do: the package aligns it for the OS.
	r, err := mmap.Map(path, mmap.Options{Offset: 7, Size: 7})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Println(string(r.Bytes()))
	// Output: payload
}

func ExampleMapFile() {
	path, done := exampleFile("from a file I opened myself")
	defer done()

	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	r, err := mmap.MapFile(f, mmap.Options{})
	f.Close() // the Region keeps a handle of its own
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Println(string(r.Bytes()[:11]))
	// Output: from a file
}

func ExampleMapAnon() {
	r, err := mmap.MapAnon(1<<20, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	b := r.Bytes()
	b[0], b[len(b)-1] = 1, 2
	fmt.Println(r.Len(), b[0], b[1], b[len(b)-1])
	// Output: 1048576 1 0 2
}

func ExampleWith() {
	path, done := exampleFile("counted words are mapped words")
	defer done()

	words := 0
	err := mmap.With(path, mmap.Options{}, func(r *mmap.Region) error {
		inWord := false
		for _, c := range r.Bytes() {
			if c == ' ' {
				inWord = false
			} else if !inWord {
				inWord, words = true, words+1
			}
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(words, "words")
	// Output: 5 words
}

func ExampleRegion_ReadAt() {
	path, done := exampleFile("0123456789")
	defer done()

	r, err := mmap.Map(path, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	buf := make([]byte, 4)
	n, err := r.ReadAt(buf, 8) // reaches the end: a short read and io.EOF
	fmt.Println(n, string(buf[:n]), err == io.EOF)
	// Output: 2 89 true
}

func ExampleRegion_WriteAt() {
	r, err := mmap.MapAnon(8, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	n, err := r.WriteAt([]byte("overflowing"), 0) // a Region never grows
	fmt.Println(n, errors.Is(err, io.ErrShortWrite), string(r.Bytes()))
	// Output: 8 true overflow
}

func ExampleRegion_Sync() {
	path, done := exampleFile("draft")
	defer done()

	r, err := mmap.Map(path, mmap.Options{
		Open:  mmap.OpenWrite,
		Prot:  mmap.ProtRead | mmap.ProtWrite,
		Flags: mmap.MapShared,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	copy(r.Bytes(), "final")
	if err := r.Sync(mmap.SyncWait); err != nil { // on the disk when it returns
		log.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fmt.Println(string(b))
	// Output: final
}

func ExampleRegion_SyncRange() {
	path, done := exampleFile("aaaa-bbbb")
	defer done()

	r, err := mmap.Map(path, mmap.Options{Open: mmap.OpenWrite, Prot: mmap.ProtRead | mmap.ProtWrite, Flags: mmap.MapShared})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	copy(r.Bytes()[5:], "BBBB")
	if err := r.SyncRange(5, 4, mmap.SyncWait); err != nil { // flush just what changed
		log.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fmt.Println(string(b))
	// Output: aaaa-BBBB
}

func ExampleRegion_Protect() {
	r, err := mmap.MapAnon(mmap.PageSize(), mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	if err := r.Protect(mmap.ProtRead); err != nil {
		log.Fatal(err)
	}
	// A write to read-only memory is an error, not a crash.
	_, err = r.WriteAt([]byte{1}, 0)
	fmt.Println(errors.Is(err, mmap.ErrFault))
	// Output: true
}

func ExampleRegion_Close() {
	r, err := mmap.MapAnon(100, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Close(), r.Len())
	err = r.Close()
	fmt.Println(errors.Is(err, mmap.ErrClosed), err)
	// Output:
	// <nil> 0
	// true munmap: file already closed
}

func ExampleRegion_Bytes() {
	r, err := mmap.MapAnon(4, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close() // also keeps r reachable while b is in use
	b := r.Bytes()
	copy(b, "fast")
	fmt.Println(string(b), r.Len())
	// Output: fast 4
}

func ExampleRegion_Len() {
	path, done := exampleFile("twelve bytes")
	defer done()
	r, err := mmap.Map(path, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Println(r.Len())
	// Output: 12
}

func ExampleRegion_Advise() {
	path, done := exampleFile("a log read from start to end")
	defer done()
	r, err := mmap.Map(path, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	// A hint: read ahead aggressively. Where the OS has no such hint it is
	// ignored, never an error.
	fmt.Println(r.Advise(mmap.AdviceSequential))
	// Output: <nil>
}

func ExampleRegion_AdviseRange() {
	r, err := mmap.MapAnon(4*mmap.PageSize(), mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	// Ask for the second page to be read in soon.
	err = r.AdviseRange(mmap.PageSize(), mmap.PageSize(), mmap.AdviceWillNeed)
	fmt.Println(err == nil || errors.Is(err, errors.ErrUnsupported))
	// Output: true
}

func ExampleRegion_Lock() {
	r, err := mmap.MapAnon(64<<10, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	if err := r.Lock(); err != nil {
		// The OS limits locked memory (RLIMIT_MEMLOCK): not an error to hide.
		var e *mmap.Error
		fmt.Println(errors.As(err, &e) && e.Op == "mlock")
		return
	}
	defer r.Unlock()
	fmt.Println(true)
	// Output: true
}

func ExampleRegion_Unlock() {
	r, err := mmap.MapAnon(64<<10, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	if r.Lock() == nil {
		fmt.Println(r.Unlock())
	} else {
		fmt.Println(r.Unlock()) // unlocking what is not locked is fine
	}
	// Output: <nil>
}

func ExampleRegion_Resize() {
	path, done := exampleFile("grow me")
	defer done()
	r, err := mmap.Map(path, mmap.Options{Open: mmap.OpenWrite, Prot: mmap.ProtRead | mmap.ProtWrite, Flags: mmap.MapShared})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	if err := r.Resize(12); err != nil { // the file grows with the Region
		log.Fatal(err)
	}
	copy(r.Bytes()[7:], "(ok)")
	r.Sync(mmap.SyncWait)
	b, _ := os.ReadFile(path)
	fmt.Printf("%d %q\n", r.Len(), b)
	// Output: 12 "grow me(ok)\x00"
}

func ExampleRegion_Resident() {
	r, err := mmap.MapAnon(16*mmap.PageSize(), mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	for i := 0; i < r.Len(); i += mmap.PageSize() {
		r.Bytes()[i] = 1 // touch every page
	}
	n, err := r.Resident()
	if errors.Is(err, errors.ErrUnsupported) {
		n = r.Len()
	}
	fmt.Println(n == r.Len())
	// Output: true
}

func ExamplePageSize() {
	ps := mmap.PageSize()
	fmt.Println(ps > 0 && ps&(ps-1) == 0)
	// Output: true
}

func ExampleGranularity() {
	// Offsets in a mapping are aligned to this internally; Options.Offset
	// may be anything.
	fmt.Println(mmap.Granularity() >= mmap.PageSize())
	// Output: true
}

func ExampleError() {
	_, err := mmap.Map("/no/such/file", mmap.Options{})
	var e *mmap.Error
	if errors.As(err, &e) {
		fmt.Println(e.Op, e.Path, errors.Is(err, os.ErrNotExist), e.Code() != 0)
	}
	// Output: open /no/such/file true true
}

func ExampleOpenFlag_String() {
	fmt.Println(mmap.OpenWrite | mmap.OpenCreate)
	// Output: OpenWrite|OpenCreate
}

func ExampleProt_String() {
	fmt.Println(mmap.ProtRead | mmap.ProtExec)
	// Output: ProtRead|ProtExec
}

func ExampleMapFlag_String() {
	// Unknown bits are named in hex, as errors about them say.
	fmt.Println(mmap.MapShared | mmap.MapPopulate | 1<<20)
	// Output: MapShared|MapPopulate|0x100000
}

func ExampleSyncFlag_String() {
	fmt.Println(mmap.SyncAsync | mmap.SyncInvalidate)
	// Output: SyncAsync|SyncInvalidate
}

func ExampleAdvice_String() {
	fmt.Println(mmap.AdviceWillNeed, mmap.Advice(99))
	// Output: AdviceWillNeed Advice(99)
}

func ExampleError_Code() {
	_, err := mmap.Map("/no/such/file", mmap.Options{})
	var e *mmap.Error
	if errors.As(err, &e) {
		// The OS's number: ENOENT on Unix, ERROR_FILE_NOT_FOUND (2) on
		// Windows; 0 for errors the package found itself.
		fmt.Println(e.Code() != 0)
	}
	_, err = mmap.MapAnon(-1, mmap.Options{})
	if errors.As(err, &e) {
		fmt.Println(e.Code(), e)
	}
	// Output:
	// true
	// 0 mmap: invalid argument: negative Size
}

func ExampleError_Unwrap() {
	r, err := mmap.MapAnon(64, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	r.Close()
	_, err = r.ReadAt(make([]byte, 1), 0)
	fmt.Println(errors.Is(err, mmap.ErrClosed), errors.Unwrap(err) == mmap.ErrClosed)
	// Output: true true
}
