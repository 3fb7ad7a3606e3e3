#!/usr/bin/env bash
# The OAuth 2 check over a Nango registry: every OAUTH2 provider's authorization URL rendered by
# the generated crate must equal the one Nango's code builds (tests/oauth2.rs), with the counts
# printed.
#
# Usage: .ci/oauth-nango.sh [providers.yaml]   (default ../shared/nango/providers-sample.yaml)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "$#" -gt 0 ]; then
  NANGO_PROVIDERS="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
  export NANGO_PROVIDERS
fi
cd "$root"
cargo test --quiet --test oauth2 -- --nocapture
