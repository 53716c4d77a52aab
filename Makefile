# make test   — gofmt check, go vet for every target we claim, go test -race
# make bench  — the package benchmarks: mapped reads against os.File and the floors
#               (BENCH_COUNT rounds, BENCH_FLAGS=-test.short skips the 1 GiB case)
# make bench-compare — the nested module benchmarks/: against the other Go libraries
# make test-cross — the whole test suite under qemu-user and Wine, and a
#                   vet-and-compile of the targets nothing here can run
# make fuzz   — each fuzz target for FUZZTIME (default 30s); make test runs
#               their seed corpora
# make oscheck — every OS value of the package against golang.org/x/sys, for
#               every target of go tool dist list (nested module oscheck/)

GO ?= go
VET_TARGETS = linux/amd64 linux/arm64 linux/386 linux/arm linux/riscv64 linux/ppc64le linux/s390x \
	linux/mips linux/mips64le linux/loong64 darwin/amd64 darwin/arm64 windows/amd64 windows/386 \
	windows/arm64 freebsd/amd64 openbsd/amd64 netbsd/amd64
BENCH_COUNT ?= 6
FUZZTIME ?= 30s
FUZZ_TARGETS = FuzzOptions FuzzReadWriteAt
BENCH ?= .
BENCH_TIME ?= 500ms

.PHONY: test fmt vet unit bench bench-compare test-cross fuzz oscheck

test: fmt vet oscheck unit

fmt:
	@out=$$(gofmt -l . | grep -v '^benchmarks/testdata' || true); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	@set -e; for t in $(VET_TARGETS); do \
		echo "go vet $$t"; GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet . ; \
	done

unit:
	$(GO) test -race -count=1 -timeout 20m ./...

# The nested module oscheck/ (its own go.mod pins golang.org/x/sys): its
# test feeds the check wrong values on purpose, then the check runs.
oscheck:
	cd oscheck && $(GO) vet . && $(GO) test -count=1 . && $(GO) run . -root ..

# The rounds are whole passes of one compiled test binary, one after the
# other, so that every contender of a group is measured once per round
# (starting at another contender each round: BENCH_ROUND in bench_test.go);
# benchratio pairs them by round (bench.out is benchstat input as well).
bench:
	$(GO) test -c -o mmap.bench.test .
	@rm -f bench.out; for i in $$(seq $(BENCH_COUNT)); do \
		echo "round $$i of $(BENCH_COUNT)" >&2; \
		BENCH_ROUND=$$i ./mmap.bench.test -test.run '^$$' -test.bench '$(BENCH)' -test.benchmem \
			-test.benchtime $(BENCH_TIME) -test.timeout 60m $(BENCH_FLAGS) > bench.round.out \
			|| { cat bench.round.out; exit 1; }; \
		cat bench.round.out | tee -a bench.out; \
	done; rm -f bench.round.out mmap.bench.test
	@$(GO) run ./internal/benchratio < bench.out

# The nested module benchmarks/: the same workloads on x/exp/mmap, mmap-go
# and x/sys/unix, interleaved in one run; writes BENCHMARKS.md and the chart.
bench-compare:
	cd benchmarks && $(GO) run . -json results.json -md ../BENCHMARKS.md $(COMPARE_FLAGS) && \
		$(GO) run ./chart -in results.json -out chart.svg

test-cross:
	scripts/test-cross

fuzz:
	@set -e; for f in $(FUZZ_TARGETS); do \
		echo "go test -fuzz $$f -fuzztime $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) . ; \
	done
