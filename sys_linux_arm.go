//go:build linux && arm

package mmap

// mapHugeTLB is MAP_HUGETLB from include/uapi/asm-generic/mman-common.h,
// which the syscall package leaves out for arm.
const mapHugeTLB = 0x40000
