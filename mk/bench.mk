## ---- benchmarks (included by the main Makefile) -------------------------------------------
# `make bench`: tracksafe's script-tag and ES-module builds beside the peers (npm dev dependencies
# at exact versions) in one headless-Chromium run; prints one markdown table plus the budget
# lines and writes bench-results/latest.md. Budgets are reported, never fail the target.
#   make bench BENCH_ARGS="--reps 1 --warmup 0"     (quick look; see --help for more)
# `make bench-native`: the core's native criterion benches (benches/native/, their own crate so
# that criterion is never compiled by the main crate's tests), then one markdown table of the
# medians of this run. Criterion keeps each result as the baseline for the next run's "change".
#   make bench-native BENCH_FILTER=tcf BENCH_NATIVE_ARGS="--measurement-time 2"
# `test-bench-native` (in `make test`): lints the bench crate and runs every benchmark once
# (criterion's `--test` mode), so a bench that no longer builds or panics fails the tests.

BENCH_ARGS ?=
BENCH_FILTER ?=
BENCH_NATIVE_ARGS ?=
BENCH_NATIVE_CARGO := CARGO_TARGET_DIR=$(CURDIR)/target/bench-native cargo
BENCH_NATIVE_MANIFEST := --manifest-path benches/native/Cargo.toml --locked

.PHONY: bench bench-native test-bench-native

bench: setup build
	node benches/browser/run.mjs $(BENCH_ARGS)

bench-native:
	@since=$$(date +%s%3N); \
	$(BENCH_NATIVE_CARGO) bench $(BENCH_NATIVE_MANIFEST) --bench core -- $(BENCH_FILTER) $(BENCH_NATIVE_ARGS); \
	node benches/native/table.mjs target/bench-native/criterion $$since

test-bench-native:
	cargo fmt --manifest-path benches/native/Cargo.toml --check
	$(BENCH_NATIVE_CARGO) clippy $(BENCH_NATIVE_MANIFEST) --all-targets -- -D warnings
	$(BENCH_NATIVE_CARGO) bench $(BENCH_NATIVE_MANIFEST) --bench core -- --test

# `make bench-memory`: wasm linear memory while the tracker handles 100,000 events and the
# collector 100,000 requests (Node, built package); fails when either passes its stated bound.
.PHONY: bench-memory
bench-memory: build
	node benches/memory.mjs

# `make bench-coverage`: which of the script tag's wasm functions the bench page runs, listed by
# name and summed by module (benches/browser/coverage.mjs on a copy of pkg/ whose lean wasm went
# through the same wasm-opt passes with -g, so it keeps its names; it is not function-ordered).
.PHONY: bench-coverage
bench-coverage: setup build
	rm -rf target/coverage-pkg && cp -r pkg target/coverage-pkg
	$(BIN)/wasm-opt -g $(filter-out --strip-debug,$(SCRIPT_TAG_WASM_OPT_FLAGS)) $(LEAN_WASM) -o target/coverage-pkg/tracksafe_lean_bg.wasm
	node benches/browser/coverage.mjs --pkg target/coverage-pkg $(COVERAGE_ARGS)
