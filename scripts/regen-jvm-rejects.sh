#!/usr/bin/env bash
# Regenerates fixtures/corpus/jvm-rejects.tsv: the corpus files JVM Clojure's reader rejects,
# with its message. Needs Debian's `clojure` package (apt-get install clojure) and the corpus
# (scripts/fetch-corpus.sh). Tests need neither: the result is checked in.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
corpus=${KILN_CORPUS:-$root/.corpus}
scripts/fetch-corpus.sh
jar=${CLOJURE_JAR:-/usr/share/java/clojure.jar}
[ -f "$jar" ] || { echo "needs JVM Clojure: apt-get install clojure" >&2; exit 1; }
(cd "$corpus" && find . -type f \( -name '*.clj' -o -name '*.cljc' -o -name '*.cljs' -o -name '*.edn' \) |
  sed 's|^\./||' | LC_ALL=C sort |
  java -cp "$jar" clojure.main "$root/scripts/jvm-read-check.clj") > fixtures/corpus/jvm-rejects.tsv
echo "$(wc -l < fixtures/corpus/jvm-rejects.tsv) files rejected by JVM Clojure's reader"
