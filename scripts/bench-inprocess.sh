#!/usr/bin/env bash
# In-process benchmark: each bench/runtime workload timed inside one running process
# (bench/harness/in-process.clj: definitions once, the workload 5× to warm up, best of 5
# timed), for kiln and for warm JVM Clojure (Debian's `clojure` package), in the same run.
# Prints a table of milliseconds and the kiln/JVM ratio. Skips the JVM with a note when it
# is not installed (this is a benchmark, not a test).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p lsp
jar=/usr/share/java/clojure.jar
echo "| workload | kiln (ms) | warm JVM (ms) | kiln/JVM |"
echo "|---|---|---|---|"
for f in bench/runtime/*.clj; do
  name=$(basename "$f" .clj)
  [ "$name" = startup ] && continue
  k=$(target/release/kiln run bench/harness/in-process.clj "$f")
  if [ -f "$jar" ]; then
    j=$(java -cp "$jar" clojure.main bench/harness/in-process.clj "$f")
    r=$(python3 -c "print(f'{$k / max($j, 0.1):.1f}x')")
  else
    j="(no JVM)"; r="-"
  fi
  echo "| $name | $k | $j | $r |"
done
