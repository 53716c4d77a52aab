// Command chart draws the results of the benchmarks command as an SVG bar
// chart: one panel per workload, one bar per contender, its length the
// median per-round time ratio to the workload's reference, on a log scale.
//
//	go run ./chart -in results.json -out chart.svg
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"math"
	"os"
	"strings"
)

type report struct {
	Date      string `json:"date"`
	Machine   string `json:"machine"`
	Go        string `json:"go"`
	Workloads []struct {
		Name       string `json:"name"`
		Ref        string `json:"ref"`
		Rounds     int    `json:"rounds"`
		Contenders []struct {
			Name    string  `json:"name"`
			Lib     string  `json:"lib"`
			NsPerOp float64 `json:"ns_per_op"`
			Ratio   float64 `json:"ratio"`
		} `json:"contenders"`
	} `json:"workloads"`
}

var colors = map[string]string{
	"mmap":       "#1f77b4",
	"x/exp/mmap": "#ff7f0e",
	"mmap-go":    "#2ca02c",
	"x/sys/unix": "#9467bd",
	"syscall":    "#8c564b",
	"os":         "#d62728",
	"floor":      "#7f7f7f",
}

const (
	width  = 960
	labelW = 360
	plotW  = 520
	rowH   = 17
	titleH = 26
	lo, hi = 0.125, 32.0 // the log scale's ends
)

func x(r float64) float64 {
	r = math.Max(lo, math.Min(hi, r))
	return labelW + plotW*math.Log2(r/lo)/math.Log2(hi/lo)
}

func main() {
	in := flag.String("in", "results.json", "results written by the benchmarks command")
	out := flag.String("out", "chart.svg", "the SVG to write")
	flag.Parse()
	raw, err := os.ReadFile(*in)
	if err != nil {
		fail(err)
	}
	var rep report
	if err := json.Unmarshal(raw, &rep); err != nil {
		fail(err)
	}
	var body strings.Builder
	y := 76.0
	for _, w := range rep.Workloads {
		fmt.Fprintf(&body, `<text x="10" y="%.0f" class="t">%s</text><text x="%d" y="%.0f" class="s">time ÷ time of %s (%d rounds)</text>`+"\n",
			y+16, esc(w.Name), labelW, y+16, esc(w.Ref), w.Rounds)
		y += titleH
		top := y
		for _, c := range w.Contenders {
			col := colors[c.Lib]
			if col == "" {
				col = "#bcbd22"
			}
			x0, x1 := x(1), x(c.Ratio)
			if x1 < x0 {
				x0, x1 = x1, x0
			}
			fmt.Fprintf(&body, `<text x="%d" y="%.0f" class="l">%s</text>`, labelW-6, y+12, esc(c.Name))
			fmt.Fprintf(&body, `<rect x="%.1f" y="%.0f" width="%.1f" height="%d" fill="%s"/>`, x0, y+2, math.Max(1, x1-x0), rowH-4, col)
			fmt.Fprintf(&body, `<text x="%.1f" y="%.0f" class="v">%.2f×</text>`+"\n", math.Max(x(1), x(c.Ratio))+4, y+12, c.Ratio)
			y += rowH
		}
		for _, g := range []float64{0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32} {
			cls := "g"
			if g == 1 {
				cls = "one"
			}
			fmt.Fprintf(&body, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="%s"/>`, x(g), top, x(g), y, cls)
		}
		body.WriteString("\n")
		y += 10
	}
	// The scale, once, at the bottom.
	for _, g := range []float64{0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32} {
		fmt.Fprintf(&body, `<text x="%.1f" y="%.0f" class="s" text-anchor="middle">%g×</text>`, x(g), y+12, g)
	}
	y += 24
	var legend strings.Builder
	lx := 10.0
	for _, lib := range []string{"mmap", "x/exp/mmap", "mmap-go", "x/sys/unix", "syscall", "os", "floor"} {
		fmt.Fprintf(&legend, `<rect x="%.0f" y="38" width="12" height="12" fill="%s"/><text x="%.0f" y="48" class="s">%s</text>`, lx, colors[lib], lx+16, esc(lib))
		lx += 30 + 7*float64(len(lib))
	}
	fmt.Fprintf(os.Stderr, "chart: %d workloads\n", len(rep.Workloads))
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%.0f" viewBox="0 0 %d %.0f" font-family="sans-serif">
<style>.t{font-size:14px;font-weight:bold}.s{font-size:11px;fill:#555}.l{font-size:12px;text-anchor:end}.v{font-size:11px}.g{stroke:#ddd}.one{stroke:#000}</style>
<rect width="100%%" height="100%%" fill="white"/>
<text x="10" y="22" class="t">Package mmap against the other Go ways, time relative to the floor (log scale; shorter is faster)</text>
%s
<text x="10" y="68" class="s">%s · %s · %s</text>
%s</svg>
`, width, y, width, y, legend.String(), esc(rep.Date), esc(rep.Go), esc(rep.Machine), body.String())
	if err := os.WriteFile(*out, []byte(svg), 0o644); err != nil {
		fail(err)
	}
}

func esc(s string) string { return html.EscapeString(s) }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "chart:", err)
	os.Exit(1)
}
