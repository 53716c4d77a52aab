//go:build !js && !wasip1 && !plan9

package mmap

// Handing a 64 MiB table from one process to another: written by this
// process, read whole by a child (the test binary re-executed, alive for
// the whole benchmark), either through a named shared-memory object the
// child maps with OpenShared each time, or as bytes sent through an
// os.Pipe. Each iteration is the whole hand-over: the writer's copy, the
// reader's OpenShared (or its reads), a checksum of every byte on the
// reader's side, and the reader's answer. Run with `make bench
// BENCH=SharedTable`; benchratio prints mmap.OpenShared against os.Pipe.

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

const shmBenchEnv = "MMAP_SHM_BENCH"

func init() {
	if os.Getenv(shmBenchEnv) == "" {
		return
	}
	if err := shmBenchReader(bufio.NewReaderSize(os.Stdin, 1<<20), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// shmBenchReader serves the parent's requests, one line each, until its
// standard input ends: "shm NAME SIZE" maps the object and sums it;
// "populate NAME SIZE" maps it with MapPopulate (Linux: the page tables
// are filled in one call instead of by faults); "keep NAME SIZE" does the
// same as shm with a mapping made at the first request
// and kept; "pipe SIZE" reads SIZE bytes from standard input and sums
// them. It answers each with the sum.
func shmBenchReader(in *bufio.Reader, out io.Writer) error {
	buf := make([]byte, 1<<20)
	var kept *Region
	for {
		line, err := in.ReadString('\n')
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			return fmt.Errorf("bad request %q", line)
		}
		size, err := strconv.Atoi(f[len(f)-1])
		if err != nil {
			return err
		}
		var sum uint64
		switch f[0] {
		case "keep": // map once, read again at every request
			if kept == nil {
				if kept, err = OpenShared(f[1], Options{Size: size}); err != nil {
					return err
				}
			}
			sum = checksum(kept.Bytes())
		case "shm", "populate":
			o := Options{Size: size}
			if f[0] == "populate" {
				o.Flags = MapPopulate
			}
			r, err := OpenShared(f[1], o)
			if err != nil {
				return err
			}
			sum = checksum(r.Bytes())
			if err := r.Close(); err != nil {
				return err
			}
		case "pipe":
			for left := size; left > 0; {
				n, err := io.ReadFull(in, buf[:min(left, len(buf))])
				if err != nil {
					return err
				}
				sum += checksum(buf[:n])
				left -= n
			}
		default:
			return fmt.Errorf("bad request %q", line)
		}
		if _, err := fmt.Fprintln(out, sum); err != nil {
			return err
		}
	}
}

// checksum reads every byte of b, eight at a time: the reader's work.
func checksum(b []byte) uint64 {
	var s uint64
	for len(b) >= 8 {
		s += binary.LittleEndian.Uint64(b)
		b = b[8:]
	}
	for _, c := range b {
		s += uint64(c)
	}
	return s
}

// shmBenchChild starts the reader with stdin as its standard input and
// returns a reader of its answers.
func shmBenchChild(b *testing.B, stdin *os.File) (*exec.Cmd, *bufio.Reader) {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if emu := os.Getenv("MMAP_TEST_EMULATOR"); emu != "" {
		cmd = exec.Command(emu, os.Args[0], "-test.run=^$")
	}
	cmd.Env = append(os.Environ(), shmBenchEnv+"=1")
	cmd.Stdin = stdin
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Skipf("cannot re-execute the test binary: %v", err)
	}
	return cmd, bufio.NewReader(out)
}

func BenchmarkSharedTable(b *testing.B) {
	const size = 64 * miB
	table := pattern(size)
	want := strconv.FormatUint(checksum(table), 10)
	answer := func(b *testing.B, answers *bufio.Reader) {
		line, err := answers.ReadString('\n')
		if err != nil {
			b.Fatal(err)
		}
		if got := strings.TrimSpace(line); got != want {
			b.Fatalf("the reader summed %s, want %s", got, want)
		}
	}
	viaShm := func(verb string) func(b *testing.B) {
		return func(b *testing.B) {
			name := shmTestName(b)
			r, err := CreateShared(name, size, Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			pr, pw, err := os.Pipe()
			if err != nil {
				b.Fatal(err)
			}
			cmd, answers := shmBenchChild(b, pr)
			pr.Close()
			defer func() { pw.Close(); cmd.Wait() }()
			request := fmt.Sprintf("%s %s %d\n", verb, name, size)
			b.SetBytes(size)
			b.ResetTimer()
			for range b.N {
				copy(r.Bytes(), table)
				if _, err := io.WriteString(pw, request); err != nil {
					b.Fatal(err)
				}
				answer(b, answers)
			}
		}
	}
	// OpenShared, read, Close at every hand-over: what a new reader pays.
	b.Run("64MiB/mmap.OpenShared", viaShm("shm"))
	if sysMapFlags&MapPopulate != 0 {
		b.Run("64MiB/mmap.OpenShared+MapPopulate", viaShm("populate"))
	}
	// The reader maps once and reads the table again at each hand-over:
	// the floor of the shared-memory way, a copy in and a read out.
	b.Run("64MiB/mmap.mapped-once", viaShm("keep"))
	b.Run("64MiB/os.Pipe", func(b *testing.B) {
		pr, pw, err := os.Pipe()
		if err != nil {
			b.Fatal(err)
		}
		cmd, answers := shmBenchChild(b, pr)
		pr.Close()
		defer func() { pw.Close(); cmd.Wait() }()
		request := fmt.Sprintf("pipe %d\n", size)
		b.SetBytes(size)
		b.ResetTimer()
		for range b.N {
			if _, err := io.WriteString(pw, request); err != nil {
				b.Fatal(err)
			}
			if _, err := pw.Write(table); err != nil {
				b.Fatal(err)
			}
			answer(b, answers)
		}
	})
}
