#!/usr/bin/env bash
# Fetch the official SARIF 2.1.0 JSON schema (shipped inside the npm package
# @microsoft/jest-sarif) into .cache/sarif/ and make sure Python's `jsonschema` is present, so
# tests/cli_lint.rs can validate `kiln lint --format sarif` against the real schema.
# Idempotent; nothing is installed globally except the Debian package python3-jsonschema.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/sarif/sarif-2.1.0.json
if [ ! -s "$dest" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null)
  tar xzf "$tmp"/microsoft-jest-sarif-*.tgz -C "$tmp"
  mkdir -p "$(dirname "$dest")"
  cp "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$dest"
  rm -rf "$tmp"
  echo "sarif: schema in $dest"
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "sarif: installing python3-jsonschema"
  $(command -v sudo || true) apt-get install -y -qq python3-jsonschema >/dev/null \
    || { $(command -v sudo || true) apt-get update -qq && $(command -v sudo || true) apt-get install -y -qq python3-jsonschema >/dev/null; }
fi
