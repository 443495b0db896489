# TransferGrid: `make run` runs the main job, `make test` runs every test.
# Both install the Debian packages they need first (`make deps`).

SHELL := /bin/bash
SWIFT ?= swift
# Tests run in release mode: the engine's numeric code is 10-100x slower in debug builds.
SWIFT_TEST_FLAGS ?= -c release -Xswiftc -enable-testing
APT_PACKAGES := libzmq3-dev libprotobuf-c-dev protobuf-c-compiler libopenblas-dev libsqlite3-dev libssl-dev pkg-config nftables
# Python's safetensors reads the engine's checkpoints in a test.
PIP_PACKAGES := safetensors numpy
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

PROTO_FILES := $(wildcard Proto/*.proto)
PROTO_OUT := Sources/GridProto

.PHONY: soak bench-coordinator bench-tasks analyze-paper all deps build release test run version proto check-proto sanitize bench bench-engine golden clean help

all: build

help:
	@echo "make run          the main job: the quick grid on this machine, then its report (see README.md)"
	@echo "make test         install deps, check generated code, build and run every test"
	@echo "make deps         install the Debian packages ($(APT_PACKAGES)) and Python's $(PIP_PACKAGES), PyTorch CPU"
	@echo "make build        debug build"
	@echo "make release      release build"
	@echo "make proto        regenerate Sources/GridProto from Proto/*.proto"
	@echo "make check-proto  fail when the committed generated code is stale"
	@echo "make sanitize     every test under AddressSanitizer + LeakSanitizer"
	@echo "make bench        every benchmark (bench-engine)"
	@echo "make bench-engine engine throughput per size, same-run sgemm peak, PyTorch CPU side by side"
	@echo "make bench-coordinator  noop jobs/s through coordinator + 1, 4, 16 worker processes; kill -9 to reassignment time"
	@echo "make bench-tasks  questions made per second per task (rendering included)"
	@echo "make soak         random SIGKILLs of coordinator and workers for SOAK_SECONDS (300) per seed of SOAK_SEEDS (1 2 3), bits compared;"
	@echo "                  then CHURN_CYCLES (1000) workers joining and leaving a noop grid: memory, WAL, worker table;"
	@echo "                  then CROWD (500) worker processes at once and a peer flooding FETCHes it never reads"
	@echo "make golden       regenerate the engine's PyTorch golden file (needs torch)"
	@echo "make analyze-paper the analysis of the released data, report in reports/paper"

# Installs only what is missing, so a machine that has everything pays one pkg-config call.
deps:
	@if pkg-config --exists libzmq libprotobuf-c openblas sqlite3 libcrypto 2>/dev/null && command -v protoc-c >/dev/null && command -v nft >/dev/null; then \
		: ; \
	else \
		echo "deps: installing $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	fi
	@python3 -c "import numpy, safetensors.numpy" 2>/dev/null || { echo "deps: installing $(PIP_PACKAGES)"; python3 -m pip install -q $(PIP_PACKAGES); }
	@python3 -c "import torch" 2>/dev/null || { echo "deps: installing PyTorch CPU for the reference runner (runners/reference)"; python3 -m pip install -q "torch==2.13.0+cpu"; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

version: release
	.build/release/transfergrid version

# The main job: the `quick` grid (3 models x 13 x 13, one seed) on this machine, with an
# embedded coordinator and one worker process per core, into the default store; the report
# is written at the end. Run it again to resume an interrupted grid.
STORE ?= transfergrid.db
PRESET ?= quick
run: release
	.build/release/transfergrid run --preset $(PRESET) --store $(STORE) --out reports/$(PRESET)

test: deps check-proto
	$(SWIFT) build $(SWIFT_TEST_FLAGS)
	$(SWIFT) test $(SWIFT_TEST_FLAGS)
	$(MAKE) --no-print-directory sanitize

# protoc-c writes foo.pb-c.{h,c}; headers go to include/ (the C target's public headers).
define generate_proto
	@mkdir -p $(1)/include
	protoc-c --proto_path=Proto --c_out=$(1) $(notdir $(PROTO_FILES))
	@mv $(1)/*.pb-c.h $(1)/include/
endef

proto: deps
	rm -f $(PROTO_OUT)/*.pb-c.c $(PROTO_OUT)/include/*.pb-c.h
	$(call generate_proto,$(PROTO_OUT))

check-proto: deps
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory PROTO_OUT="$$tmp" _generate >/dev/null && \
	if diff -r -x GridProto.h "$$tmp" $(PROTO_OUT) >/dev/null; then \
		echo "check-proto: Sources/GridProto matches Proto/"; \
	else \
		echo "check-proto: Sources/GridProto is stale; run 'make proto' and commit the result" >&2; \
		diff -ru -x GridProto.h "$$tmp" $(PROTO_OUT) | head -40 >&2; exit 1; \
	fi

_generate:
	$(call generate_proto,$(PROTO_OUT))

# AddressSanitizer with LeakSanitizer over every test (the 100k-case wire fuzz among them).
# valgrind 3.19 cannot read the DWARF 5 that Swift 6.3 emits, so LeakSanitizer does the leak check.
# Release mode, so the engine's numeric tests run at speed; ASan still checks every access.
# The two statistical task suites (10,000 questions per task, shortcut probes) are pure Swift
# arithmetic on arrays; they run once, in the plain test run, not again under ASan.
# The random-kill run is timing, not memory: `make test` runs it once, in the plain run.
# The reference and Qwen runner grids spend their time in Python; the worker's side of runners
# (RunnerTests) runs under ASan.
SANITIZE_SKIP ?= ShortcutTests|answerLettersAreBalanced|RandomFaultTests|ReferenceRunnerTests|QwenRunnerTests
sanitize: deps
	$(SWIFT) build --build-tests $(SWIFT_TEST_FLAGS) --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/lsan.supp .build-asan/release/TransferGridPackageTests.xctest --testing-library swift-testing --skip '$(SANITIZE_SKIP)' 

# The study's analysis of the authors' released data, as text, with a report in reports/paper.
analyze-paper: release
	.build/release/transfergrid analyze data/paper/*.csv --out reports/paper

bench: bench-engine bench-coordinator bench-tasks

bench-engine: release
	.build/release/transfergrid bench engine

bench-coordinator: release
	.build/release/transfergrid bench coordinator

bench-tasks: release
	.build/release/transfergrid bench tasks

# Faults together, for longer than `make test` runs them: each seed's kills, the grid's end and
# its cells compared bit for bit with an undisturbed run (Tests/ClusterTests/RandomFaultTests.swift).
SOAK_SECONDS ?= 300
SOAK_SEEDS ?= 1 2 3
CHURN_CYCLES ?= 1000
CROWD ?= 500
soak: deps
	$(SWIFT) build --build-tests $(SWIFT_TEST_FLAGS)
	for seed in $(SOAK_SEEDS); do \
		TRANSFERGRID_CHAOS_SECONDS=$(SOAK_SECONDS) TRANSFERGRID_CHAOS_SEED=$$seed \
			$(SWIFT) test $(SWIFT_TEST_FLAGS) --skip-build --filter RandomFaultTests || exit 1; \
	done
	TRANSFERGRID_CHURN_CYCLES=$(CHURN_CYCLES) $(SWIFT) test $(SWIFT_TEST_FLAGS) --skip-build --filter ChurnTests
	TRANSFERGRID_CROWD=$(CROWD) $(SWIFT) test $(SWIFT_TEST_FLAGS) --skip-build --filter CrowdTests

golden: deps
	python3 scripts/make_engine_golden.py

clean:
	rm -rf .build
