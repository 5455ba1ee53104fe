#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls exactly this). Works on a fresh Debian
# machine with Rust, Node and Python: it fetches what the tests need itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }

step "test inputs: Debian's Clojure sources"
scripts/fetch-corpus.sh

step "test inputs: the SARIF 2.1.0 schema"
scripts/fetch-sarif-schema.sh

step "test inputs: real editors (neovim, emacs + eglot) for the LSP client tests"
need=()
command -v nvim >/dev/null || need+=(neovim)
command -v emacs >/dev/null || need+=(emacs-nox)
[ -d /usr/share/emacs/site-lisp/elpa/eglot-1.9 ] || ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 || need+=(elpa-eglot)
if [ ${#need[@]} -gt 0 ]; then
  sudo=$(command -v sudo || true)
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null \
    || { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${need[@]}" >/dev/null; }
fi

step "vscode extension: npm ci, type check, build, unit and grammar tests"
(cd vscode-extension && npm ci --no-audit --no-fund >/dev/null && npm test --silent)

step "test inputs: code-server 4.100.3 and Chromium for the VS Code end-to-end test"
vscode-extension/e2e/install-code-server.sh

step "format"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "tests"
cargo test --workspace --quiet

step "done"
