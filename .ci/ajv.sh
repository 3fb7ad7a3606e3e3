#!/usr/bin/env bash
# Checks the generated JSON Schemas with ajv 8 and ajv-formats, as front ends run them: every
# schema compiles in strict mode, and every case of the `tests::json_schema` unit tests of codegen (written to
# <target>/tmp/schema-cases.json) gets the verdict the Rust validator gave it.
#
# Usage: .ci/ajv.sh   (from anywhere; installs node with apt-get if it is missing)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "node is missing; installing nodejs and npm with apt-get"
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "error: node and npm are needed (node 18 or later); install them and run again" >&2
    exit 1
  fi
fi

# The cases are written by the Rust test; running it here keeps them in step with the schemas.
cargo test --quiet -p codegen --lib tests::json_schema::

target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
cases="$target_dir/tmp/schema-cases.json"

cd tests/js
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
node check-schemas.mjs "$root/generated" "$cases"
