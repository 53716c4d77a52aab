//go:build !js && !wasip1 && !plan9

package mmap_test

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"

	"github.com/mmaplib/mmap"
)

// exampleName is a shared-memory name no other run of the examples uses.
func exampleName(what string) string { return fmt.Sprintf("example-%s-%d", what, os.Getpid()) }

func ExampleCreateShared() {
	name := exampleName("create")
	// A new object of 4 KiB, zeroed, mapped read-write. On Unix it lives
	// until RemoveShared; on Windows while some process maps it.
	r, err := mmap.CreateShared(name, 4096, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	defer mmap.RemoveShared(name)
	copy(r.Bytes(), "written by the creator")

	// Another process would call OpenShared with the same name; a second
	// Region in this one sees the same bytes as well.
	peer, err := mmap.OpenShared(name, mmap.Options{Size: 22})
	if err != nil {
		log.Fatal(err)
	}
	defer peer.Close()
	fmt.Println(string(peer.Bytes()))

	// The name is taken now.
	_, err = mmap.CreateShared(name, 4096, mmap.Options{})
	fmt.Println(errors.Is(err, fs.ErrExist))
	// Output:
	// written by the creator
	// true
}

func ExampleOpenShared() {
	name := exampleName("open")
	table, err := mmap.CreateShared(name, 1<<16, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer table.Close()
	defer mmap.RemoveShared(name)
	for i := range 256 {
		table.Bytes()[i*256] = byte(i)
	}

	// A reader maps 256 bytes at an offset, read-only (the zero Prot).
	r, err := mmap.OpenShared(name, mmap.Options{Offset: 7 * 256, Size: 256})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Println(r.Len(), r.Bytes()[0])
	_, err = r.WriteAt([]byte{1}, 0)
	fmt.Println(errors.Is(err, mmap.ErrFault))

	// A name nobody created.
	_, err = mmap.OpenShared(exampleName("nobody"), mmap.Options{})
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// 256 7
	// true
	// true
}

func ExampleRemoveShared() {
	name := exampleName("remove")
	r, err := mmap.CreateShared(name, 100, mmap.Options{})
	if err != nil {
		log.Fatal(err)
	}
	// Remove the name before or after the last Close: on Unix it takes
	// the name away at once (mappings stay valid); on Windows it returns
	// nil and the object goes with its last Region.
	if err := mmap.RemoveShared(name); err != nil {
		log.Fatal(err)
	}
	r.Close()
	_, err = mmap.OpenShared(name, mmap.Options{})
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output: true
}
