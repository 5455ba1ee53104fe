#!/usr/bin/env bash
# Regenerates fixtures/eval/*.tsv from fixtures/eval/*.clj: each line of a case file is an
# expression; JVM Clojure (Debian's `clojure` package) evaluates them in order and records the
# printed value or the exception class. Tests compare kiln against these goldens without a JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${CLOJURE_JAR:-/usr/share/java/clojure.jar}
[ -f "$jar" ] || { echo "needs JVM Clojure: apt-get install clojure" >&2; exit 1; }
for cases in fixtures/eval/*.clj; do
  out="${cases%.clj}.tsv"
  java -cp "$jar" clojure.main -e "(require 'clojure.string)" -e "(load-file \"scripts/jvm-eval-cases.clj\")" < "$cases" > "$out"
  echo "$out: $(wc -l < "$out") goldens"
done
