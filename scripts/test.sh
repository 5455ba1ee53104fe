#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls exactly this). Works on a fresh Debian
# machine with Rust, Node and Python: it fetches what the tests need itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }

step "test inputs: Debian's Clojure sources"
scripts/fetch-corpus.sh

step "test inputs: the SARIF 2.1.0 schema"
scripts/fetch-sarif-schema.sh

step "format"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "tests"
cargo test --workspace --quiet

step "done"
