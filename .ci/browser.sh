#!/usr/bin/env bash
# The front ends in a real browser: Playwright (playwright-core) drives Debian's chromium through
# the reference connect form (examples/connect-form) and the authors' preview (`cargo xtask
# preview`), for every provider of the registry, of Nango's imported sample and of a fixture with
# conditional fields; each submission is judged by the generated Rust crate's `validate` example.
# Before that, `tsc --strict` checks the form and a consumer of the package's types.
# Screenshots of the seed forms are written to <target>/screenshots/.
#
# Usage: .ci/browser.sh   (from anywhere; installs chromium and node with apt-get when missing)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

install_with_apt() {
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "$1 is missing; installing $2 with apt-get"
    apt-get update -qq && apt-get install -y -qq $2 >/dev/null
  else
    echo "error: $1 is needed; install $2 and run again" >&2
    exit 1
  fi
}
[ -x /usr/bin/chromium ] || install_with_apt chromium chromium
{ command -v node >/dev/null && command -v npm >/dev/null; } || install_with_apt node "nodejs npm"

target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

echo "installing the connect form's packages"
(cd examples/connect-form && npm ci --no-audit --no-fund --loglevel=error)

echo "tsc --strict on the connect form and the types consumer"
(cd examples/connect-form && npx --no-install tsc --strict --noEmit -p .)

echo "building the registry's validate example"
cargo build --quiet -p provider-registry --example validate
cp "$target_dir/debug/examples/validate" "$scratch/registry-validate"

echo "importing Nango's sample (its providers without defects)"
cargo xtask import nango ../shared/nango/providers-sample.yaml --out "$scratch/sample" --format json >"$scratch/import.json"
node -e '
  const fs = require("fs");
  const [report, folder] = process.argv.slice(1);
  for (const provider of JSON.parse(fs.readFileSync(report, "utf8")).providers) {
    if ((provider.defects ?? []).some((d) => d.severity === "error")) fs.unlinkSync(`${folder}/${provider.id}.yaml`);
  }' "$scratch/import.json" "$scratch/sample"
cp -r examples/connect-form/test/fixture "$scratch/fixture"

for name in sample fixture; do
  echo "generating and building $name"
  cargo xtask codegen --providers "$scratch/$name" --out "$scratch/$name-out" 2>/dev/null
  cp Cargo.lock "$scratch/$name-out/Cargo.lock"
  CARGO_TARGET_DIR="$target_dir/standalone-generated" \
    cargo build --quiet --offline --manifest-path "$scratch/$name-out/Cargo.toml" --example validate
  cp "$target_dir/standalone-generated/debug/examples/validate" "$scratch/$name-validate"
  cargo xtask preview --providers "$scratch/$name" --out "$scratch/$name-site"
done
cargo xtask preview --out "$scratch/registry-site"

echo "a page the preview did not write stops it, kept byte for byte, with nothing written"
mkdir "$scratch/guarded-site"
printf 'a page of mine\n' >"$scratch/guarded-site/kandji.html"
if cargo xtask preview --out "$scratch/guarded-site" 2>"$scratch/guarded.err"; then
  echo "error: cargo xtask preview replaced a file it did not write" >&2
  exit 1
fi
grep -q "was not written by \`cargo xtask preview\`" "$scratch/guarded.err"
[ "$(cat "$scratch/guarded-site/kandji.html")" = "a page of mine" ]
[ "$(ls "$scratch/guarded-site")" = "kandji.html" ]
(cd examples/connect-form && node build.mjs --outdir "$scratch/registry-form")

cat >"$scratch/targets.json" <<JSON
[
  { "name": "registry", "out": "$root/generated", "site": "$scratch/registry-form", "page": "index.html?provider={id}",
    "validate": "$scratch/registry-validate", "screenshots": ["kandji", "paligo", "perdoo"], "screenshotDir": "$target_dir/screenshots" },
  { "name": "registry-preview", "preview": true, "out": "$root/generated", "site": "$scratch/registry-site", "page": "{id}.html",
    "validate": "$scratch/registry-validate", "screenshots": ["kandji", "paligo", "perdoo"], "screenshotDir": "$target_dir/screenshots" },
  { "name": "fixture", "preview": true, "out": "$scratch/fixture-out", "site": "$scratch/fixture-site", "page": "{id}.html",
    "validate": "$scratch/fixture-validate" },
  { "name": "nango-sample", "preview": true, "out": "$scratch/sample-out", "site": "$scratch/sample-site", "page": "{id}.html",
    "validate": "$scratch/sample-validate" }
]
JSON

echo "the browser tests"
cd examples/connect-form
CONNECT_FORM_TARGETS="$scratch/targets.json" NODE_OPTIONS=--preserve-symlinks node --test test/*.test.mjs
