# tracksafe — the two commands a newcomer needs are `make demo` and `make test`.
# Every target installs what it needs and is missing (idempotent), so a fresh machine works.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

export CI ?= true
export WRANGLER_SEND_METRICS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false
export NO_UPDATE_NOTIFIER := 1
export CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMEDRIVER ?= /usr/bin/chromedriver

WASM := target/wasm32-unknown-unknown/release/tracksafe.wasm
BINDGEN_DIR := target/bindgen
# The script tag's two lean wasm files share one target dir (and its std build); cargo copies
# each build's output to a folder of its own (--artifact-dir), so neither overwrites the other.
LEAN_WASM := target/lean-out/lean/tracksafe.wasm
EXTENDED_WASM := target/lean-out/extended/tracksafe.wasm
BROWSER_WASM := target/browser/wasm32-unknown-unknown/release/tracksafe.wasm
BROWSER_BINDGEN_DIR := target/bindgen-browser
HASHER_WASM := target/hasher/wasm32-unknown-unknown/release/tracksafe.wasm
# --low-memory-unused: Rust puts the stack below its data, so no pointer wraps into the low 1 KB;
# it lets wasm-opt fold constant additions into load/store offsets. A second -Oz pass finds
# more (measured: lean wasm -1.1 KB brotli for ~+4 s per wasm).
WASM_OPT_FLAGS := --low-memory-unused -Oz -Oz --strip-producers --strip-debug --strip-target-features
# The script tag's wasm also goes through --flatten --rereloop between the passes (binaryen
# rebuilds its control flow; -Oz then finds more): measured -650 B brotli for ~+4 s. The page's
# wasm files then have their functions ordered for brotli (pkg-template/order-functions.mjs, which
# also strips the target features it still reads here): measured -613 B on the script tag's.
LEAN_WASM_OPT_FLAGS := --low-memory-unused -Oz --flatten --rereloop -Oz -Oz --strip-producers --strip-debug
# The script tag's wasm keeps single-caller functions over 40 bytes as functions: wasm-opt
# otherwise inlines every one (its `ts_call` grew to 21 KB), and brotli, after the ordering above,
# packs many similar small functions better than a few huge ones. Measured: raw +1.5 %, brotli
# -809 B. The ES module's wasm would lose 1,788 B too, but its `hashEmail` measured 3-5 % slower
# (more calls on the hashing path) where the SHA-256 budget has little room in the machine's slow
# phases, so it keeps the default, as does the hasher (+3 B).
SCRIPT_TAG_WASM_OPT_FLAGS := --one-caller-inline-max-function-size 40 $(LEAN_WASM_OPT_FLAGS)
ORDER_FUNCTIONS = node pkg-template/order-functions.mjs $(BIN)/wasm-opt
ORDER_TOOL := pkg-template/order-functions.mjs pkg-template/wasm-module.mjs
STAMP := target/.stamps
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := node_modules/.bin
RUST_SOURCES := $(shell find src -name '*.rs') Cargo.toml Cargo.lock
JS_TEMPLATE := $(shell find pkg-template -type f)

.PHONY: build demo test setup lint test-native test-wasip1 test-oracles test-js test-edge test-browser clean

## ---- installs (each only when missing) ---------------------------------------------------

$(STAMP)/rust-targets:
	@mkdir -p $(STAMP)
	@installed="$$(rustup target list --installed)"; \
	for t in wasm32-unknown-unknown wasm32-wasip1; do \
	  grep -qx "$$t" <<<"$$installed" || rustup target add "$$t"; \
	done
	@touch $@

# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
.PHONY: wasm-bindgen-cli
wasm-bindgen-cli: $(STAMP)/rust-targets
	@want="$$(cargo pkgid -p wasm-bindgen | sed 's/.*[@#]//')"; \
	have="$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}' || true)"; \
	if [ "$$want" != "$$have" ]; then \
	  echo "installing wasm-bindgen-cli $$want (found: $${have:-none})"; \
	  cargo install wasm-bindgen-cli --version "$$want"; \
	fi

# Keyed by the lock file's content (not its mtime, which a checkout or worktree resets).
NPM_STAMP := $(STAMP)/npm-$(shell sha1sum package-lock.json | cut -c1-12)
node_modules/.package-lock.json: $(NPM_STAMP)
$(NPM_STAMP):
	@mkdir -p $(STAMP)
	npm ci --no-audit --no-fund --prefer-offline
	@rm -f $(STAMP)/npm-* && touch $@ node_modules/.package-lock.json

.PHONY: chromium
chromium:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "installing Debian's chromium and chromium-driver"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

setup: $(STAMP)/rust-targets wasm-bindgen-cli node_modules/.package-lock.json chromium

## ---- build ---------------------------------------------------------------------------------

# Five wasm builds: the full one for the npm entries that run servers (node, workerd), a lean one
# for the script tag (no TC/GPP string decoders, no edge collector, no free functions, no
# hashing, no CMP decoding, no custom options), the extended one (the lean one with a TCF/GPP
# CMP's own decoding, custom event declarations and CMP group ids: the script tag loads it on a
# page with a CMP API or such options, `browser.js` always), the
# script tag's hasher (identify()'s hashing alone, loaded on the first call) and one for
# `tracksafe/full` in the page (free functions and decoders, no edge collector); see Cargo.toml.
$(WASM): $(RUST_SOURCES) | $(STAMP)/rust-targets
	cargo build --release --target wasm32-unknown-unknown --lib

# The lean wasm is built with a pinned nightly (CI stays reproducible): std is rebuilt from
# source with panics that abort at once (no panic messages, locations or the formatting behind
# them) and with std's size-optimized algorithms. Measured: -15.4 KB brotli; a clean lean cargo
# build takes ~38 s instead of ~22 s (std is compiled too), plus a one-time toolchain download.
# -Zlocation-detail=none drops the source paths std still names (measured -343 B brotli). The
# fuzz targets use the same toolchain.
NIGHTLY := nightly-2026-05-20
# The page builds' stack: 256 KB instead of the linker's 1 MB (JSON nests at most 16 deep, the
# redactor decodes twice; nothing recurses further). It stays first in memory, so an overflow
# still traps; and with the data below 1 MB every address constant the code carries is one LEB
# byte shorter (measured: script tag's wasm raw -676 B, brotli -88 B; 768 KB less memory).
PAGE_STACK := -Clink-arg=-zstack-size=262144
LEAN_CARGO := RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none $(PAGE_STACK)" cargo +$(NIGHTLY)
LEAN_STD := -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size

.PHONY: nightly
nightly:
	@rustup toolchain list | grep -q "^$(NIGHTLY)-" || \
	  rustup toolchain install $(NIGHTLY) --profile minimal --component rust-src
	@rustup component list --toolchain $(NIGHTLY) --installed | grep -qx rust-src || \
	  rustup component add rust-src --toolchain $(NIGHTLY)

LEAN_ARTIFACT = -Zunstable-options --artifact-dir $(@D)
$(LEAN_WASM): $(RUST_SOURCES) | nightly
	$(LEAN_CARGO) build --release --target wasm32-unknown-unknown --lib --no-default-features --features tracker,page-abi --target-dir target/lean $(LEAN_STD) $(LEAN_ARTIFACT)

$(EXTENDED_WASM): $(RUST_SOURCES) | nightly
	$(LEAN_CARGO) build --release --target wasm32-unknown-unknown --lib --no-default-features --features tracker,page-abi,extended --target-dir target/lean $(LEAN_STD) $(LEAN_ARTIFACT)

# The script tag's hasher: built like the lean wasm, with `ts_hash_member` (hashIdentifyMember) as
# its one call.
$(HASHER_WASM): $(RUST_SOURCES) | nightly
	$(LEAN_CARGO) build --release --target wasm32-unknown-unknown --lib --no-default-features --features hasher,page-abi --target-dir target/hasher $(LEAN_STD)

# The ES module's wasm: built like the lean one, with the page's free functions and the decoders
# (measured: 86.6 KB brotli against the full wasm's 147.7 KB).
$(BROWSER_WASM): $(RUST_SOURCES) | nightly
	$(LEAN_CARGO) build --release --target wasm32-unknown-unknown --lib --no-default-features --features decoders,exports,tracker --target-dir target/browser $(LEAN_STD)

$(BINDGEN_DIR)/tracksafe_core_bg.wasm: $(WASM) | wasm-bindgen-cli
	wasm-bindgen --target web --out-dir $(BINDGEN_DIR) --out-name tracksafe_core $(WASM)

$(BROWSER_BINDGEN_DIR)/tracksafe_core_bg.wasm: $(BROWSER_WASM) | wasm-bindgen-cli
	wasm-bindgen --target web --out-dir $(BROWSER_BINDGEN_DIR) --out-name tracksafe_core $(BROWSER_WASM)

target/tracksafe_bg.opt.wasm: $(BINDGEN_DIR)/tracksafe_core_bg.wasm node_modules/.package-lock.json
	$(BIN)/wasm-opt $(WASM_OPT_FLAGS) $< -o $@

# The lean wasm and the hasher have no wasm-bindgen face (`page-abi`): wasm-opt takes cargo's
# output as it is.
target/tracksafe_lean_bg.opt.wasm: $(LEAN_WASM) $(ORDER_TOOL) node_modules/.package-lock.json
	$(BIN)/wasm-opt $(SCRIPT_TAG_WASM_OPT_FLAGS) $< -o $@.unordered
	$(ORDER_FUNCTIONS) $@.unordered $@

target/tracksafe_extended_bg.opt.wasm: $(EXTENDED_WASM) $(ORDER_TOOL) node_modules/.package-lock.json
	$(BIN)/wasm-opt $(SCRIPT_TAG_WASM_OPT_FLAGS) $< -o $@.unordered
	$(ORDER_FUNCTIONS) $@.unordered $@

target/tracksafe_hasher_bg.opt.wasm: $(HASHER_WASM) $(ORDER_TOOL) node_modules/.package-lock.json
	$(BIN)/wasm-opt $(LEAN_WASM_OPT_FLAGS) $< -o $@.unordered
	$(ORDER_FUNCTIONS) $@.unordered $@

target/tracksafe_browser_bg.opt.wasm: $(BROWSER_BINDGEN_DIR)/tracksafe_core_bg.wasm $(ORDER_TOOL) node_modules/.package-lock.json
	$(BIN)/wasm-opt $(LEAN_WASM_OPT_FLAGS) $< -o $@.unordered
	$(ORDER_FUNCTIONS) $@.unordered $@

PAGE_WASM_FILES := target/tracksafe_lean_bg.opt.wasm target/tracksafe_extended_bg.opt.wasm target/tracksafe_hasher_bg.opt.wasm
pkg/package.json: target/tracksafe_bg.opt.wasm $(PAGE_WASM_FILES) target/tracksafe_browser_bg.opt.wasm $(JS_TEMPLATE) node_modules/.package-lock.json
	node pkg-template/build.mjs $(BINDGEN_DIR) target/tracksafe_bg.opt.wasm $(PAGE_WASM_FILES) $(BROWSER_BINDGEN_DIR) target/tracksafe_browser_bg.opt.wasm pkg

build: wasm-bindgen-cli pkg/package.json

## ---- demo ----------------------------------------------------------------------------------

demo: setup build
	node examples/demo-shop/run.mjs

## ---- tests ---------------------------------------------------------------------------------

# The wasm32 passes lint in the release profile beside the full wasm build (same target dir), so
# they reuse the proc macros it compiled instead of building them again (~1 min). The lean pass
# lints with stable too: the nightly lean build only changes how std is compiled.
lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --no-default-features -- -D warnings
	cargo clippy --release --target wasm32-unknown-unknown --lib -- -D warnings
	cargo clippy --release --target wasm32-unknown-unknown --lib --no-default-features --features tracker,page-abi -- -D warnings
	cargo clippy --release --target wasm32-unknown-unknown --lib --no-default-features --features tracker,page-abi,extended -- -D warnings
	cargo clippy --release --target wasm32-unknown-unknown --lib --no-default-features --features hasher,page-abi -- -D warnings
	cargo clippy --release --target wasm32-unknown-unknown --lib --no-default-features --features decoders,exports,tracker -- -D warnings

# Three feature sets: the default (everything), none, and the script tag's extended lean wasm
# (`tracker,extended`: a CMP's handover read without the string decoders).
test-native:
	cargo test
	cargo test --no-default-features
	cargo test --lib --no-default-features --features tracker,extended

test-wasip1: $(STAMP)/rust-targets
	cargo check --target wasm32-wasip1 --lib

# Oracles: the IAB reference libraries, Meta's SDK and Google's PyPI library compute the expected
# values in this run; the native tests must agree on every case.
ORACLES := .oracles
# The hashing lines are checked natively and through the script tag's hasher and lean wasm (the
# hasher maps non-ASCII case with the browser's String methods, src/case.rs).
test-oracles: node_modules/.package-lock.json build
	@mkdir -p $(ORACLES)
	node tests/oracles/consent/generate.mjs $(ORACLES)/consent.ndjson
	TRACKSAFE_CONSENT_ORACLE=$(ORACLES)/consent.ndjson cargo test --test consent_oracle -- --nocapture
	oracle="$$(ORACLE_DIR=$(CURDIR)/$(ORACLES)/hashing bash tests/oracles/hashing/generate.sh | tail -1)"; \
	  env "$$oracle" cargo test --test hashing_oracle -- --nocapture
	node tests/oracles/hashing/lean.mjs $(ORACLES)/hashing/corpus.ndjson $(ORACLES)/hashing/google.ndjson
	node tests/oracles/destinations/generate.mjs $(ORACLES)/destinations.ndjson
	TRACKSAFE_DESTINATIONS_ORACLE=$(ORACLES)/destinations.ndjson cargo test --test destinations_oracle -- --nocapture

# Every Node test process preloads the artefact recorder (a no-op unless TRACKSAFE_ARTEFACTS is set).
NODE_TEST := node --import ./tests/support/record-fetch.mjs --test --test-reporter=spec --test-timeout=300000

test-js: build
	$(NODE_TEST) tests/js/

test-edge: build
	$(NODE_TEST) --test-concurrency=1 tests/edge/

test-browser: setup build
	$(NODE_TEST) --test-concurrency=1 tests/browser/

# Two lanes at once (a 2-core machine): the compile-bound checks, and the built package's suites,
# which mostly wait on sockets and timers (the oracles ride there to balance the lanes). Each lane
# runs its steps in order and prefixes its lines with its name and the time; cargo's target-dir
# lock keeps the two lanes' builds from colliding.
TEST_CHECKS := lint test-native test-wasip1 test-bench-native test-fuzz-smoke
TEST_SUITES := build test-oracles test-js test-edge test-browser
.PHONY: test-lane-checks test-lane-suites
# The suites record every answer, log line and upstream body under $(ARTEFACTS); the run ends
# with the leak scan over them and pkg/ (tests/artefacts/scan.mjs).
ARTEFACTS := $(CURDIR)/target/artefacts
# When a lane fails, the other one still runs to its end and its lines come last; so the run
# ends by repeating the failed lane's failures and last lines (a CI log is often read from its tail).
LANES := $(CURDIR)/target/lanes
test: setup
	@start=$$(date +%s); rm -rf $(ARTEFACTS) $(LANES); \
	if ! TRACKSAFE_ARTEFACTS=$(ARTEFACTS) $(MAKE) --no-print-directory -j2 test-lane-checks test-lane-suites; then \
	  for failed in $(LANES)/*.failed; do \
	    lane=$$(basename "$$failed" .failed); \
	    echo "==== make test: the $$lane lane failed. Its failures, then its last 60 lines:"; \
	    grep -E '✖|not ok|^\[[a-z]+ [0-9:]+\] (error|thread .* panicked|make(\[[0-9]+\])?: \*\*\*)' "$(LANES)/$$lane.log" | head -40 || true; \
	    tail -60 "$(LANES)/$$lane.log"; \
	  done; \
	  exit 1; \
	fi; \
	node tests/artefacts/scan.mjs $(ARTEFACTS); \
	echo "make test: all suites passed in $$(( $$(date +%s) - start )) s"

LANE_PREFIX = while IFS= read -r line; do printf '[%s %(%T)T] %s\n' $(1) -1 "$$line"; done
# Runs the steps $(2) in order as lane $(1): prefixed lines, kept in $(LANES)/$(1).log.
RUN_LANE = mkdir -p $(LANES); \
	$(MAKE) --no-print-directory -j1 $(2) 2>&1 | $(call LANE_PREFIX,$(1)) | tee $(LANES)/$(1).log \
	  || { touch $(LANES)/$(1).failed; exit 1; }

test-lane-checks:
	@$(call RUN_LANE,checks,$(TEST_CHECKS))

test-lane-suites:
	@$(call RUN_LANE,suites,$(TEST_SUITES))

clean:
	rm -rf target pkg .demo

## ---- fuzzing (cargo fuzz, nightly) ----------------------------------------------------------

FUZZ_TARGETS := json_parse tc_string gpp_string consent_cookies scrub_url redact_text minimize_event edge_collect persisted_queue
FUZZ_SECONDS ?= 60
CARGO_FUZZ_VERSION := 0.13.2

.PHONY: fuzz-tools fuzz test-fuzz-smoke
fuzz-tools: nightly
	@cargo fuzz --version 2>/dev/null | grep -q "$(CARGO_FUZZ_VERSION)" || cargo install cargo-fuzz --version $(CARGO_FUZZ_VERSION)

# Seeds come from the test suites' own inputs (tests/corpus, the oracle files when present);
# every crash becomes a regression test in tests/fuzz_regressions.rs.
fuzz-seeds:
	@for t in $(FUZZ_TARGETS); do mkdir -p fuzz/corpus/$$t; done
	@node fuzz/seeds.mjs fuzz/corpus

fuzz: fuzz-tools fuzz-seeds
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  cargo +$(NIGHTLY) fuzz run $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -max_len=70000 || exit 1; \
	done

test-fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=$(or $(FUZZ_SMOKE_SECONDS),15)

include mk/bench.mk
include mk/fastly.mk
