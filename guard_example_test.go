//go:build !js && !wasip1 && !plan9

package mmap_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"

	"github.com/mmaplib/mmap"
)

func ExampleRegion_Guard() {
	path, done := exampleFile("alpha beta\ngamma\ndelta epsilon zeta\n")
	defer done()
	r, err := mmap.Map(path, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()

	// Zero-copy work on the mapped bytes, safe from a file cut under the
	// mapping: one guard for the whole batch.
	var lines, words int
	err = r.Guard(func(b []byte) {
		lines = bytes.Count(b, []byte("\n"))
		words = len(bytes.Fields(b))
	})
	fmt.Println(lines, words, err)

	// A fault inside the Region is an error, not the end of the process.
	if err := r.Protect(mmap.ProtNone); err != nil {
		log.Fatal(err)
	}
	err = r.Guard(func(b []byte) { lines = bytes.Count(b, []byte("\n")) })
	var e *mmap.Error
	fmt.Println(errors.Is(err, mmap.ErrFault), errors.As(err, &e) && e.Op == "guard")
	// Output:
	// 3 6 <nil>
	// true true
}
