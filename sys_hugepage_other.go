//go:build !linux && !windows

package mmap

// sysHugePageSize: MapHugePages is Linux's MAP_HUGETLB and Windows'
// SEC_LARGE_PAGES; elsewhere there is no page size to round to.
func sysHugePageSize() int { return 0 }
