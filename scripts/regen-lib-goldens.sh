#!/usr/bin/env bash
# Regenerates fixtures/libs/*.tsv: each case file names the Debian packages whose sources it
# needs (`;; packages: libfoo-clojure …`, unpacked by scripts/fetch-corpus.sh into .corpus/)
# and lists one expression per line. JVM Clojure (Debian's `clojure` package) evaluates them
# in order with those sources on its classpath and records the printed value or the
# exception class; eval/tests/libs.rs makes kiln agree without a JVM.
# Usage: scripts/regen-lib-goldens.sh [fixtures/libs/NAME.clj …]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${CLOJURE_JAR:-/usr/share/java/clojure.jar}
[ -f "$jar" ] || { echo "needs JVM Clojure: apt-get install clojure" >&2; exit 1; }
corpus=${KILN_CORPUS:-.corpus}
scripts/fetch-corpus.sh >/dev/null
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(fixtures/libs/*.clj)
for cases in "${files[@]}"; do
  out="${cases%.clj}.tsv"
  cp="$jar"
  for p in $(sed -n 's/^;; packages: //p' "$cases"); do cp="$cp:$corpus/$p"; done
  timeout 300 java -cp "$cp" clojure.main -e "(require 'clojure.string)" \
    -e "(load-file \"scripts/jvm-eval-cases.clj\")" < "$cases" > "$out"
  echo "$out: $(wc -l < "$out") goldens"
done
