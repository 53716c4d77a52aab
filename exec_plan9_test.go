package mmap

import "errors"

// errNoExec stands for ENOEXEC, which Plan 9 does not have (nothing is
// re-executed there: it has no mmap).
var errNoExec = errors.New("exec format error")
