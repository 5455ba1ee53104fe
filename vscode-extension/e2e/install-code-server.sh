#!/usr/bin/env bash
# Installs code-server 4.100.3 (the last release whose engines.node is 20) from the npm
# registry into $1 (default: ../.cache/code-server), with the workarounds this machine needs:
#  - its postinstall refuses to run as root without npm_config_unsafe_perm=true;
#  - the kerberos module builds from source and needs libkrb5-dev (and pkg-config);
#  - @vscode/ripgrep downloads rg from api.github.com (unreachable): its download cache is
#    pre-seeded with Debian's ripgrep 13.0.0, the same version;
#  - node-pty's postinstall runs `npx node-gyp`, which needs npm_config_yes=true.
# Also installs Chromium for the browser driver. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-$here/../../.cache/code-server}
sudo=$(command -v sudo || true)
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
command -v pkg-config >/dev/null || need+=(pkg-config)
[ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v g++ >/dev/null || need+=(build-essential)
if [ ${#need[@]} -gt 0 ]; then
  echo "code-server: installing ${need[*]}"
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null \
    || { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${need[@]}" >/dev/null; }
fi
if [ -x "$dest/node_modules/.bin/code-server" ]; then
  exit 0
fi
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
tmp="$dest/tmp"
rgcache="$tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rgcache"
tar czf "$rgcache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
cd "$dest"
[ -f package.json ] || npm init -y >/dev/null
echo "code-server: npm install code-server@4.100.3 (about a minute)"
TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_yes=true \
  npm install code-server@4.100.3 --foreground-scripts --no-audit --no-fund >"$dest/install.log" 2>&1 \
  || { tail -40 "$dest/install.log"; exit 1; }
"$dest/node_modules/.bin/code-server" --version
