#!/usr/bin/env bash
# Linter benchmark: the criterion benches (lsp/benches/lint.rs), then whole-process figures
# for `kiln lint` on the Debian corpus (wall time and peak RSS, median of 5 runs, 2 threads),
# with `kiln parse --check` of the same files in the same run as the floor (reading and
# parsing only). Compare ratios, not absolute times, across runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-corpus.sh >/dev/null
cargo build --release -q -p lsp
cargo bench -p lsp --bench lint 2>&1 | grep -E '^lint/|time:' || true
kiln=target/release/kiln
measure() {
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" "$@" >/dev/null 2>>/tmp/kiln-bench-lint.$$ || true
  done
  python3 - "/tmp/kiln-bench-lint.$$" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]) if l.strip() and l.split()[0].replace('.', '').isdigit()]
wall = statistics.median(float(r[0]) for r in rows)
rss = statistics.median(int(r[1]) for r in rows) / 1024
print(f"{wall:.2f} {rss:.0f}")
PY
  rm -f "/tmp/kiln-bench-lint.$$"
}
files=$(find .corpus -name '*.clj' -o -name '*.cljc' | grep -v -E '/(project|data_readers)\.cljc?$' | wc -l)
read -r lw lm < <(measure "$kiln" lint --threads 2 .corpus)
read -r nw nm < <(measure "$kiln" lint --threads 2 --no-expand .corpus)
mapfile -t all < <(find .corpus -name '*.clj' -o -name '*.cljc' | grep -v -E '/(project|data_readers)\.cljc?$')
read -r pw pm < <(measure "$kiln" parse --check "${all[@]}")
echo
echo "| run ($files files, 2 threads) | wall s | peak RSS MB |"
echo "|---|---|---|"
echo "| kiln lint (users' macros expanded) | $lw | $lm |"
echo "| kiln lint --no-expand | $nw | $nm |"
echo "| kiln parse --check (floor: read + parse) | $pw | $pm |"
