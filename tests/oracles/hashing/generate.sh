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
npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
[ -x "$dir/venv/bin/python" ] || python3 -m venv "$dir/venv"
"$dir/venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
ORACLE_DIR="$dir" node "$here/corpus.mjs" "$dir/corpus.ndjson" >&2
"$dir/venv/bin/python" "$here/google.py" "$dir/corpus.ndjson" "$dir/google.ndjson" >&2
echo "TRACKSAFE_HASHING_ORACLE=$dir/corpus.ndjson,$dir/google.ndjson"
