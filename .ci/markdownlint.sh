#!/usr/bin/env bash
# Lints the generated guides with markdownlint-cli2 (settings and globs in .markdownlint-cli2.jsonc).
# The linter is installed with npm the first time, into a cache folder outside the repository
# (MARKDOWNLINT_PREFIX, by default $TMPDIR/registry-node), pinned so every run agrees.
set -euo pipefail

version=0.22.1
prefix="${MARKDOWNLINT_PREFIX:-${TMPDIR:-/tmp}/registry-node}"
linter="$prefix/node_modules/.bin/markdownlint-cli2"
installed="$prefix/node_modules/markdownlint-cli2/package.json"

if ! grep -qs "\"version\": \"$version\"" "$installed"; then
    echo "installing markdownlint-cli2 $version into $prefix"
    npm install --no-audit --no-fund --prefix "$prefix" "markdownlint-cli2@$version" >&2
fi

cd "$(dirname "$0")/.."
# A lint of no file would pass: make sure the guides are there.
if ! compgen -G "generated/guides/*.md" >/dev/null; then
    echo "no guides in generated/guides: run \`cargo xtask codegen\` first" >&2
    exit 1
fi
"$linter"
