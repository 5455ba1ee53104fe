#!/usr/bin/env bash
# Regenerates the reader differential goldens: fixtures/reader/snippets.edn (from
# scripts/gen-reader-snippets.py) and fixtures/reader/jvm.tsv (JVM Clojure's verdict on each,
# same order). Needs Debian's `clojure` package; tests need only the checked-in files.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${CLOJURE_JAR:-/usr/share/java/clojure.jar}
[ -f "$jar" ] || { echo "needs JVM Clojure: apt-get install clojure" >&2; exit 1; }
python3 scripts/gen-reader-snippets.py
java -cp "$jar" clojure.main scripts/jvm-read-snippets.clj < fixtures/reader/snippets.edn > fixtures/reader/jvm.tsv
echo "$(wc -l < fixtures/reader/snippets.edn) snippets, $(grep -c '^ok' fixtures/reader/jvm.tsv) accepted by the JVM reader"
