package mmap

import (
	"errors"
	"io/fs"
	"runtime"
)

// Error is the error every function of the package returns (but for a bare
// io.EOF from ReadAt and fn's own error from With). It is the seed's
// MMAP-ERROR: Error() is its MESSAGE and Code() its CODE.
type Error struct {
	Op   string // "open", "mmap", "mprotect", "msync", "munmap", "madvise", "read", "write", ...
	Path string // the file; "" for anonymous memory
	Err  error  // the cause: a syscall.Errno, ErrInvalid, errors.ErrUnsupported, ErrClosed, ErrFault, ...
}

// Error reads "op path: cause", or "op: cause" when Path is empty.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Op + ": " + e.Err.Error()
	}
	return e.Op + " " + e.Path + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Code returns the operating system's error number found anywhere in the
// chain below e (errno on Unix, GetLastError on Windows), or 0 when the
// error did not come from the OS.
func (e *Error) Code() int { return errnoCode(e.Err) }

var (
	// ErrClosed is wrapped by every method called on a closed Region.
	ErrClosed = fs.ErrClosed
	// ErrInvalid is wrapped by errors about bad arguments.
	ErrInvalid = fs.ErrInvalid
	// ErrFault is wrapped when ReadAt or WriteAt touched memory that
	// faulted: a file truncated under the mapping (SIGBUS), a full disk
	// behind a sparse file, or a protection that forbids the access.
	ErrFault = errors.New("mmap: memory fault")
)

// reason attaches a human explanation to a sentinel, so that the message
// says what is wrong while errors.Is still finds the sentinel.
type reason struct {
	msg string
	err error
}

func (r *reason) Error() string { return r.err.Error() + ": " + r.msg }
func (r *reason) Unwrap() error { return r.err }

func newError(op, path string, err error) *Error {
	return &Error{Op: op, Path: path, Err: err}
}

// asError wraps err as an *Error of op, unless it is one already.
func asError(op, path string, err error) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return newError(op, path, err)
}

func invalid(op, path, msg string) *Error {
	return &Error{Op: op, Path: path, Err: &reason{msg, ErrInvalid}}
}

func unsupported(op, path, msg string) *Error {
	return &Error{Op: op, Path: path, Err: &reason{msg + " is not supported on " + runtime.GOOS, errors.ErrUnsupported}}
}

func closed(op, path string) *Error {
	return &Error{Op: op, Path: path, Err: ErrClosed}
}
