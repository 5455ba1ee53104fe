#!/usr/bin/env bash
# Language-server benchmark: a release `kiln lsp` with the Debian corpus as the workspace and
# clojure/core.clj open (tests/benches/lsp_bench.rs): index time, p50/p99 of hover,
# definition, completion, references, didChange → diagnostics, peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-corpus.sh >/dev/null
cargo build --release -q -p lsp
KILN_BIN="$PWD/target/release/kiln" cargo bench -q -p kiln-e2e --bench lsp_bench
