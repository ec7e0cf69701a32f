## ---- benchmarks (included by the main Makefile) -------------------------------------------
# `make bench`: tracksafe's script-tag and ES-module builds beside the peers (npm dev dependencies
# at exact versions) in one headless-Chromium run; prints one markdown table plus the budget
# lines and writes bench-results/latest.md. Budgets are reported, never fail the target.
#   make bench BENCH_ARGS="--reps 1 --warmup 0"     (quick look; see --help for more)
# `make bench-native`: the core's native benches (benches/core.rs), one markdown table.
#   make bench-native BENCH_SAMPLES=5 BENCH_FILTER=tcf

BENCH_ARGS ?=
BENCH_SAMPLES ?= 10
BENCH_FILTER ?=

.PHONY: bench bench-native

bench: setup build
	node benches/browser/run.mjs $(BENCH_ARGS)

bench-native:
	BENCH_SAMPLES=$(BENCH_SAMPLES) cargo bench --bench core -- $(BENCH_FILTER)

# `make bench-memory`: wasm linear memory while the tracker handles 100,000 events and the
# collector 100,000 requests (Node, built package); fails when either passes its stated bound.
.PHONY: bench-memory
bench-memory: build
	node benches/memory.mjs
