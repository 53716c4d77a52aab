//go:build !linux

// Command benchmarks compares package mmap with the other Go ways to map
// memory. Its floors are Linux system calls: it runs on Linux only.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "benchmarks: Linux only (the floors are raw Linux system calls)")
	os.Exit(1)
}
