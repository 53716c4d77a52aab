//go:build linux && !arm

package mmap

import "syscall"

// mapHugeTLB is MAP_HUGETLB: 0x40000, but 0x80000 on mips.
const mapHugeTLB = syscall.MAP_HUGETLB
