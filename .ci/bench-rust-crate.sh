#!/usr/bin/env bash
# The compile cost of the generated Rust crate (issue 5): synthesizes a registry of N providers
# (copies of the seeds under new ids), generates it with `--out` into a scratch folder, builds the
# crate's dependencies, then times a debug build of the crate alone, without incremental
# compilation, with the dependencies already built. Prints the best of RUNS builds.
#
# Usage: .ci/bench-rust-crate.sh [N=1000] [RUNS=2]
set -euo pipefail

count="${1:-1000}"
runs="${2:-2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$root"

mkdir -p "$scratch/providers"
cp providers/_registry.yaml "$scratch/providers/"
# Seed-sized providers: those written like the seeds, guide included.
mapfile -t seeds < <(grep -l '^guide:' providers/[!_]*.yaml)
for ((i = 0; i < count; i++)); do
  seed="${seeds[$((i % ${#seeds[@]}))]}"
  cp "$seed" "$scratch/providers/$(basename "$seed" .yaml)-$(printf '%05d' "$i").yaml"
done

cargo xtask codegen --providers "$scratch/providers" --out "$scratch/out" >/dev/null
# The workspace's lockfile pins the dependencies to versions already downloaded.
cp Cargo.lock "$scratch/out/Cargo.lock"
export CARGO_TARGET_DIR="$scratch/target" CARGO_INCREMENTAL=0
cargo build --quiet --offline --manifest-path "$scratch/out/Cargo.toml"

lines="$(cat "$scratch"/out/src/*.rs "$scratch"/out/src/providers/*.rs | wc -l)"
best=""
for ((run = 0; run < runs; run++)); do
  touch "$scratch/out/src/lib.rs"
  start="$(date +%s.%N)"
  cargo build --quiet --offline --manifest-path "$scratch/out/Cargo.toml"
  end="$(date +%s.%N)"
  seconds="$(echo "$end - $start" | bc)"
  if [ -z "$best" ] || [ "$(echo "$seconds < $best" | bc)" = 1 ]; then best="$seconds"; fi
done
printf 'generated crate, %d providers (%d lines of Rust): debug build of the crate alone %.2f s (best of %d), %.1f ms per provider\n' \
  "$count" "$lines" "$best" "$runs" "$(echo "$best * 1000 / $count" | bc -l)"
