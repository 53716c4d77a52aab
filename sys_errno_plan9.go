//go:build plan9

package mmap

// errnoCode is 0: Plan 9 reports errors as strings, with no number.
func errnoCode(error) int { return 0 }
