# Fastly Compute: the service in examples/fastly-compute/, Viceroy (Fastly's local runtime), the
# Viceroy and parity suites and the edge load benchmark. Included by the main Makefile
# (`include mk/fastly.mk`); every install happens only when missing.

# The Viceroy release the suites were run with (cargo install: ~10 min on 2 idle cores, 55 min measured on a busy shared machine).
VICEROY_VERSION := 0.22.0
FASTLY_DIR := examples/fastly-compute
FASTLY_TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
FASTLY_WASM := $(FASTLY_TARGET_DIR)/wasm32-wasip1/release/tracksafe-fastly.wasm
FASTLY_SOURCES := $(shell find $(FASTLY_DIR)/src -name '*.rs') $(FASTLY_DIR)/Cargo.toml $(FASTLY_DIR)/Cargo.lock

.PHONY: viceroy fastly-build fastly-lint fastly-serve test-fastly bench-edge

viceroy:
	@have="$$(viceroy --version 2>/dev/null | awk '{print $$2}' || true)"; \
	if [ "$$have" != "$(VICEROY_VERSION)" ]; then \
	  echo "installing viceroy $(VICEROY_VERSION) (found: $${have:-none}; takes 10+ minutes)"; \
	  cargo install viceroy --version "$(VICEROY_VERSION)" --locked; \
	fi

$(FASTLY_WASM): $(FASTLY_SOURCES) $(RUST_SOURCES) | $(STAMP)/rust-targets
	CARGO_TARGET_DIR=$(FASTLY_TARGET_DIR) cargo build --release --target wasm32-wasip1 \
	  --manifest-path $(FASTLY_DIR)/Cargo.toml --locked
	@echo "fastly service: $$(stat -c %s $@) bytes ($@)"

fastly-build: $(FASTLY_WASM)

fastly-lint: | $(STAMP)/rust-targets
	cargo fmt --manifest-path $(FASTLY_DIR)/Cargo.toml --check
	CARGO_TARGET_DIR=$(FASTLY_TARGET_DIR) cargo clippy --release --manifest-path $(FASTLY_DIR)/Cargo.toml \
	  --target wasm32-wasip1 --locked -- -D warnings

# The service with the checked-in fastly.toml: upstream = the demo sink on :8789, shop on :8080.
fastly-serve: fastly-build viceroy
	cd $(FASTLY_DIR) && viceroy serve -C fastly.toml --addr 127.0.0.1:7676 $(FASTLY_WASM)

# Viceroy suite (ports 22886-22889), the workerd ↔ Fastly parity corpus (22787/22789, 22888/22890)
# and the destinations fan-out on both platforms (23100-23123).
test-fastly: build fastly-build viceroy
	$(NODE_TEST) --test-concurrency=1 \
	  tests/edge/fastly.test.mjs tests/edge/fastly-destinations.test.mjs tests/edge/parity.test.mjs

# tests/edge/ holds the Viceroy and parity suites too.
test-edge: fastly-build viceroy
lint: fastly-lint

# Bounded load benchmark (ports 22797-22800): workerd, then the Fastly service under Viceroy.
bench-edge: build fastly-build viceroy
	node benches/edge-load.mjs --fastly
