#!/usr/bin/env bash
# Regenerates fixtures/scripts/*.out: the standard output JVM Clojure (Debian's `clojure`
# package) prints for each fixtures/scripts/*.clj. Tests run the same files with `kiln run`
# and compare, without a JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${CLOJURE_JAR:-/usr/share/java/clojure.jar}
[ -f "$jar" ] || { echo "needs JVM Clojure: apt-get install clojure" >&2; exit 1; }
for f in fixtures/scripts/*.clj; do
  java -cp "$jar" clojure.main "$f" > "${f%.clj}.out"
  echo "${f%.clj}.out: $(wc -l < "${f%.clj}.out") lines"
done
