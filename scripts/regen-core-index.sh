#!/usr/bin/env bash
# Regenerates eval/data/core-index.tsv, the linter's knowledge of Clojure's own namespaces
# (public vars, kinds, real arities, arglists, docs), from JVM Clojure (Debian's `clojure`).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${CLOJURE_JAR:-/usr/share/java/clojure.jar}
[ -f "$jar" ] || { echo "needs JVM Clojure: apt-get install clojure" >&2; exit 1; }
java -cp "$jar" clojure.main scripts/jvm-core-index.clj > eval/data/core-index.tsv
echo "eval/data/core-index.tsv: $(wc -l < eval/data/core-index.tsv) entries"
