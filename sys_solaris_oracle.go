//go:build solaris && !illumos

package mmap

// illumosOpenBits: Oracle Solaris has no O_DIRECT (sys_illumos.go).
var illumosOpenBits []osBit[OpenFlag]
