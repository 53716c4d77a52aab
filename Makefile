# make test   — gofmt check, go vet for every target we claim, go test -race
# make bench  — the package benchmarks: mapped reads against os.File
# make test-cross — the whole test suite under qemu-user and Wine, and a
#                   vet-and-compile of the targets nothing here can run

GO ?= go
VET_TARGETS = linux/amd64 linux/arm64 linux/386 linux/arm linux/riscv64 linux/ppc64le linux/s390x \
	linux/mips linux/mips64le linux/loong64 darwin/amd64 darwin/arm64 windows/amd64 windows/386 \
	windows/arm64 freebsd/amd64 openbsd/amd64 netbsd/amd64
BENCH_COUNT ?= 6
BENCH ?= .

.PHONY: test fmt vet unit bench test-cross fuzz

test: fmt vet unit

fmt:
	@out=$$(gofmt -l . | grep -v '^benchmarks/testdata' || true); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	@set -e; for t in $(VET_TARGETS); do \
		echo "go vet $$t"; GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet . ; \
	done

unit:
	$(GO) test -race -count=1 -timeout 20m ./...

bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -count $(BENCH_COUNT) -timeout 60m . | tee bench.out
	@$(GO) run ./internal/benchratio < bench.out

test-cross:
	scripts/test-cross
