//go:build linux

// Command benchmarks runs the same workloads on package mmap, on
// golang.org/x/exp/mmap, github.com/edsrzf/mmap-go and golang.org/x/sys/unix,
// and on the floors (raw system calls, bare copies), interleaved in short
// slices inside one run, and reports the median of the per-round ratios.
//
//	go run . [-short] [-run regexp] [-budget 6s] [-json results.json] [-md ../BENCHMARKS.md]
//	go run . -from results.json -md ../BENCHMARKS.md   (the page again, from a run's JSON)
//	go run ./chart -in results.json -out chart.svg
//
// make bench-compare, at the top of the repository, does both.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

type report struct {
	Date      string         `json:"date"`
	Machine   string         `json:"machine"`
	Go        string         `json:"go"`
	Command   string         `json:"command"`
	Workloads []result       `json:"workloads"`
	Targets   []targetResult `json:"targets"`
}

func main() {
	short := flag.Bool("short", false, "skip the 1 GiB sequential reads")
	pattern := flag.String("run", ".", "run only the workloads whose name matches")
	budget := flag.Duration("budget", 6*time.Second, "time for one workload, all rounds")
	slice := flag.Duration("slice", 10*time.Millisecond, "time for one contender in one round")
	jsonOut := flag.String("json", "", "write the results as JSON to this file")
	mdOut := flag.String("md", "", "write BENCHMARKS.md here")
	notes := flag.String("notes", "NOTES.md", "hand-written notes appended to the -md file")
	from := flag.String("from", "", "run nothing: rewrite -md from this JSON of an earlier run")
	flag.Parse()
	if *from != "" {
		var rep report
		b, err := os.ReadFile(*from)
		check(err)
		check(json.Unmarshal(b, &rep))
		if *mdOut != "" {
			check(writeMarkdown(*mdOut, *notes, rep))
		}
		printTargets(os.Stdout, rep.Targets)
		return
	}
	re, err := regexp.Compile(*pattern)
	check(err)
	dir, err := os.MkdirTemp("", "mmapbench-")
	check(err)
	defer os.RemoveAll(dir)

	type entry struct {
		name string
		make func() *workload
	}
	var todo []entry
	add := func(name string, mk func() *workload) { todo = append(todo, entry{name, mk}) }
	for _, n := range []int{4 * kiB, 64} {
		add("random-read/file/"+sizeName(n), func() *workload { return randomRead(dir, n, false) })
		add("random-read/anon/"+sizeName(n), func() *workload { return randomRead(dir, n, true) })
	}
	add("guard-batch/file/64x64B", func() *workload { return guardBatch(dir) })
	for _, size := range []int{miB, 64 * miB, giB} {
		if size == giB && *short {
			continue
		}
		for _, wk := range []writeKind{largeWrites, smallWrites} {
			add(fmt.Sprintf("seq-read/%s/%s", sizeName(size), wk.name), func() *workload { return seqRead(dir, size, wk) })
		}
	}
	for _, wk := range []writeKind{smallWrites, largeWrites} {
		add("cold-read/64MiB/"+wk.name, func() *workload { return coldRead(dir, wk) })
	}
	add("map-close/anon-64KiB", mapCloseAnon)
	add("map-close/file-4KiB", func() *workload { return mapCloseFile(dir) })
	add("durable-write/64MiB", func() *workload { return durableWrite(dir) })
	add("grow/1MiB-to-1GiB-by-1MiB", func() *workload { return growFile(dir) })

	rep := report{
		Date:    time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		Machine: machine(),
		Go:      runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH,
		Command: "go run . " + strings.Join(os.Args[1:], " "),
	}
	st := settings{slice: *slice, budget: *budget, minR: 7, maxR: 41}
	for _, e := range todo {
		if !re.MatchString(e.name) {
			continue
		}
		fmt.Fprintf(os.Stderr, "%s ...\n", e.name)
		w := e.make()
		res, trs := run(w, st)
		if w.cleanup != nil {
			w.cleanup()
		}
		rep.Workloads = append(rep.Workloads, res)
		rep.Targets = append(rep.Targets, trs...)
		printResult(os.Stdout, res)
	}
	printTargets(os.Stdout, rep.Targets)
	if *jsonOut != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		check(err)
		check(os.WriteFile(*jsonOut, append(b, '\n'), 0o644))
	}
	if *mdOut != "" {
		check(writeMarkdown(*mdOut, *notes, rep))
	}
}

// machine describes the CPU, the cores and the kernel.
func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(l[strings.Index(l, ":")+1:])
				break
			}
		}
	}
	kernel := "unknown kernel"
	if out, err := exec.Command("uname", "-sr").Output(); err == nil {
		kernel = strings.TrimSpace(string(out))
	}
	fs := ""
	if out, err := exec.Command("df", "-T", os.TempDir()).Output(); err == nil {
		if l := strings.Split(strings.TrimSpace(string(out)), "\n"); len(l) == 2 {
			if f := strings.Fields(l[1]); len(f) > 1 {
				fs = ", " + os.TempDir() + " on " + f[1]
			}
		}
	}
	return fmt.Sprintf("%s, %d cores, %s%s", cpu, runtime.NumCPU(), kernel, fs)
}

func human(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	}
	return fmt.Sprintf("%.1f ns", ns)
}

func throughput(bytes int64, ns float64) string {
	if bytes == 0 {
		return ""
	}
	return fmt.Sprintf("%.0f MB/s", float64(bytes)/ns*1e3)
}

func printResult(f *os.File, r result) {
	fmt.Fprintf(f, "\n%s  (%d rounds; ratio = median of per-round time / time of %q)\n", r.Name, r.Rounds, r.Ref)
	tw := tabwriter.NewWriter(f, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "contender\ttime/op\tthroughput\tratio\tIQR/median\t")
	for _, c := range r.Contenders {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.3f\t%.0f%%\t\n", c.Name, human(c.NsPerOp), throughput(r.Bytes, c.NsPerOp), c.Ratio, 100*c.Spread)
	}
	tw.Flush()
}

func verdict(t targetResult) string {
	switch {
	case t.Limit == 0:
		return "reported"
	case t.Met:
		return "met"
	}
	return "MISSED"
}

func printTargets(f *os.File, ts []targetResult) {
	fmt.Fprintln(f, "\nTargets (median of per-round ratios, same run):")
	tw := tabwriter.NewWriter(f, 0, 0, 2, ' ', 0)
	for _, t := range ts {
		lim := "-"
		if t.Limit > 0 {
			lim = fmt.Sprintf("≤ %.3f", t.Limit)
		}
		fmt.Fprintf(tw, "%s\t%s / %s\t%.3f\t%s\t%s\n", t.Workload, t.A, t.B, t.Ratio, lim, verdict(t))
	}
	tw.Flush()
}

func writeMarkdown(path, notesPath string, rep report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmarks\n\n")
	fmt.Fprintf(&b, "Generated by `make bench-compare` (`cd benchmarks && %s`) on %s.\n\n", rep.Command, rep.Date)
	fmt.Fprintf(&b, "Machine: %s; %s.\n\n", rep.Machine, rep.Go)
	fmt.Fprintf(&b, "Every contender of a workload runs in short alternating slices, in a rotating order, "+
		"inside one run; a ratio is the median over the rounds of the two times measured in the same round. "+
		"`IQR` is the spread of those per-round ratios. Ratios are times: below 1 is faster.\n\n")
	fmt.Fprintf(&b, "![ratios](benchmarks/chart.svg)\n\n## Targets\n\n")
	fmt.Fprintf(&b, "| workload | ratio | measured | target | |\n|---|---|---:|---:|---|\n")
	for _, t := range rep.Targets {
		lim := "–"
		if t.Limit > 0 {
			lim = fmt.Sprintf("≤ %.3f", t.Limit)
		}
		fmt.Fprintf(&b, "| %s | %s / %s | %.3f | %s | %s |\n", t.Workload, t.A, t.B, t.Ratio, lim, verdict(t))
	}
	fmt.Fprintf(&b, "\n## All workloads\n")
	for _, r := range rep.Workloads {
		fmt.Fprintf(&b, "\n### %s\n\n%d rounds; ratio against *%s*.\n\n", r.Name, r.Rounds, r.Ref)
		fmt.Fprintf(&b, "| contender | time/op | throughput | ratio | IQR |\n|---|---:|---:|---:|---:|\n")
		for _, c := range r.Contenders {
			fmt.Fprintf(&b, "| %s | %s | %s | %.3f | %.0f%% |\n", c.Name, human(c.NsPerOp), throughput(r.Bytes, c.NsPerOp), c.Ratio, 100*c.Spread)
		}
	}
	if notes, err := os.ReadFile(notesPath); err == nil {
		b.WriteString("\n")
		b.Write(notes)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
