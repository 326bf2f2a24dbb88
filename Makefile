# numeneon — see README.md. `make demo` and `make test` are the two to know.

GO        ?= go
BIN       := bin/numeneon
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
ARGS      ?=
DEMO_DB   ?= demo.db
# make bench BENCH=Feed BENCHTIME=100x
BENCH     ?= .
BENCHTIME ?= 1s
COUNT     ?= 1

# The storage tests also run against PostgreSQL when this holds a DSN.
ifdef NUMENEON_TEST_POSTGRES
export NUMENEON_TEST_POSTGRES
endif

# The local client runs on Linux, macOS and Windows; CI builds all three.
CROSS     ?= windows/amd64 darwin/arm64 darwin/amd64

.PHONY: all build run demo test bench bench-10k bench-10m lint fmt-check vet cross clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

# make run ARGS="--db my.db user list"
run: build
	./$(BIN) $(ARGS)

# The app on a fresh sample network, signed in as alice, others busy around her.
demo: build
	./$(BIN) demo --file $(DEMO_DB)

# Every package whose goroutines share memory (the store, the event hub,
# the seed's writers, hundreds of sessions in one process) is tested under
# the race detector. The command line's tests (the root package) run
# without it: they start numeneon as processes and seed networks, which
# the detector makes thirty times slower (SQLite is Go code it
# instruments), and what they run concurrently is processes, not
# goroutines, which it cannot see.
RACE_PKGS := $(filter-out github.com/numeneon/numeneon,$(shell $(GO) list ./...))

test: vet fmt-check
	$(GO) test -race -count=1 -timeout 9m $(RACE_PKGS)
	$(GO) test -count=1 -timeout 9m .

# One package at a time: the storage and TUI benchmarks share the seeded
# network of a million posts, made by whichever runs first; the SSH
# benchmarks load a server in a process of its own with 1,000 sessions.
bench:
	$(GO) test -p 1 -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -count $(COUNT) -benchmem -timeout 60m ./storage/... ./tui/... ./ssh/

# 10,000 signed-in sessions on one server (a tenth of them in a chat),
# loaded as the SSH benchmarks load it; seeds a network of 10,100 accounts
# into $NUMENEON_BENCH_DIR the first time. Needs ulimit -n of 20,000.
bench-10k:
	NUMENEON_BENCH_SSH_10K=1 $(GO) test -run '^$$' -bench '^BenchmarkSSHTenThousand$$' -benchtime 1x -count 1 -timeout 60m ./ssh/

# The pages of the app on a network of ten million posts and 100,000
# users, warm and cold (BenchmarkPages; `make bench BENCH=Pages` reads the
# million's): seeded once into $NUMENEON_BENCH_DIR (about 5 GB, and as much
# again for its write-ahead log while it is seeded).
bench-10m:
	NUMENEON_BENCH_POSTS=10000000 $(MAKE) bench BENCH='$(if $(filter .,$(BENCH)),Pages,$(BENCH))'

lint: vet fmt-check

# Builds numeneon for every platform of CROSS (the serve command's parts
# stay Unix-first, but everything compiles).
cross:
	@for p in $(CROSS); do \
		echo "go build for $$p"; \
		GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) build -o /dev/null . || exit 1; \
	done

vet:
	$(GO) vet ./...

fmt-check:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB)-migrate-lock
