#!/usr/bin/env bash
# The differential test of the generated Rust crate: `cargo test --test rust_crate` gives every
# case of its corpus a verdict with the generated Rust validation, and has ajv 8
# (tests/js/differential.mjs) judge the same cases with the generated JSON Schemas; any
# disagreement fails. Installs tests/js's packages first, so the test finds them.
#
# Usage: .ci/differential.sh   (from anywhere; node 18 or later and npm are needed)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/tests/js"
if [ ! -d node_modules/ajv ] || [ ! -d node_modules/ajv-formats ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
cd "$root"
cargo test --quiet --test rust_crate -- --nocapture
