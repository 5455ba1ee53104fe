#!/usr/bin/env bash
# Parser benchmark: kiln vs tree-sitter's Clojure grammar in the same run, on clojure/core.clj
# and the whole Debian corpus, plus incremental re-parse. Prints MB/s and ratios (the machines
# are shared and noisy: compare the ratios, not absolute times across runs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-corpus.sh >/dev/null
cargo bench -p syntax --bench parse -- "$@" 2>&1 | grep -E '^corpus:|time:|thrpt:|^[a-z.]+/' || true
python3 - <<'PY'
import json, os
root = "target/criterion"
def median_ns(*p):
    f = os.path.join(root, *p, "new", "estimates.json")
    return json.load(open(f))["median"]["point_estimate"] if os.path.exists(f) else None
core = os.path.getsize(".corpus/libclojure-java/clojure/core.clj")
print("\n| input | kiln MB/s | tree-sitter MB/s | kiln / tree-sitter |")
print("|---|---|---|---|")
for group, size in [("core.clj", core), ("corpus", None)]:
    k, t = median_ns(group, "kiln"), median_ns(group, "tree-sitter")
    if k is None or t is None:
        continue
    if size is None:
        bench = json.load(open(os.path.join(root, group, "kiln", "new", "benchmark.json")))
        size = bench["throughput"]["Bytes"]
    print(f"| {group} | {size / k * 1e3:.1f} | {size / t * 1e3:.1f} | {t / k:.1f}x |")
inc = median_ns("incremental", "kiln one-char edit in core.clj")
full = median_ns("incremental", "kiln full re-parse of core.clj")
if inc and full:
    print(f"\nincremental one-char edit in core.clj: {inc / 1e3:.1f} µs (full re-parse {full / 1e6:.2f} ms, {full / inc:.0f}x)")
PY
