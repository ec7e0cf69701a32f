#!/usr/bin/env bash
# Installs the pinned reference libraries into $ORACLE_DIR (default /tmp/oracle-hashing), writes
# the oracle files there and prints the TRACKSAFE_HASHING_ORACLE value for the oracle test:
#
#   export $(bash tests/oracles/hashing/generate.sh | tail -1)
#   cargo test --test hashing_oracle
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${ORACLE_DIR:-/tmp/oracle-hashing}
mkdir -p "$dir"
cp "$here/package.json" "$here/package-lock.json" "$dir/"
# The registries are the one thing here that can fail for a moment: three tries each.
retry() { for try in 1 2 3; do "$@" && return 0; echo "generate.sh: try $try of 3 failed: $*" >&2; sleep $((try * 5)); done; return 1; }
retry npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
[ -x "$dir/venv/bin/python" ] || python3 -m venv "$dir/venv"
retry "$dir/venv/bin/pip" install --quiet --disable-pip-version-check --retries 10 -r "$here/requirements.txt" >&2
ORACLE_DIR="$dir" node "$here/corpus.mjs" "$dir/corpus.ndjson" >&2
"$dir/venv/bin/python" "$here/google.py" "$dir/corpus.ndjson" "$dir/google.ndjson" >&2
echo "TRACKSAFE_HASHING_ORACLE=$dir/corpus.ndjson,$dir/google.ndjson"
