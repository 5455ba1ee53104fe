#!/usr/bin/env bash
# Downloads Debian's Clojure source packages (scripts/corpus-packages.txt) and unpacks the
# .clj/.cljc/.cljs/.edn files of their jars into $KILN_CORPUS (default: .corpus/), one folder
# per package. Only `apt-get download` is used: nothing is installed. Idempotent: a package
# already unpacked is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
corpus=${KILN_CORPUS:-$root/.corpus}
mkdir -p "$corpus"
pkgs=$(grep -v '^#' scripts/corpus-packages.txt | grep -v '^$')
missing=()
for p in $pkgs; do
  [ -f "$corpus/$p/.done" ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "corpus: all $(echo "$pkgs" | wc -l) packages already in $corpus"
  exit 0
fi
command -v unzip >/dev/null || { echo "corpus: installing unzip"; $(command -v sudo || true) apt-get install -y -qq unzip >/dev/null; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
if ! apt-get download "${missing[@]}" >/dev/null 2>&1; then
  echo "corpus: apt-get download failed; refreshing the package lists"
  $(command -v sudo || true) apt-get update -qq
  apt-get download "${missing[@]}" >/dev/null
fi
for p in "${missing[@]}"; do
  deb=$(ls "${p}"_*.deb | head -n 1)
  mkdir -p "x/$p" "$corpus/$p"
  dpkg-deb -x "$deb" "x/$p"
  # Each distinct jar once (packages ship versioned copies and symlinks of the same jar).
  find "x/$p" -name '*.jar' -type f -path '*usr/share/java/*' -print0 |
    xargs -0 -r sha256sum | sort -u -k1,1 | cut -c67- |
    while read -r jar; do
      unzip -qq -o "$jar" '*.clj' '*.cljc' '*.cljs' '*.edn' -d "$corpus/$p" 2>/dev/null || true
    done
  touch "$corpus/$p/.done"
done
echo "corpus: $(find "$corpus" -type f \( -name '*.clj' -o -name '*.cljc' -o -name '*.cljs' -o -name '*.edn' \) | wc -l) files in $corpus"
