#!/usr/bin/env bash
# The VS Code end-to-end test: package the extension with the given kiln binary, install the
# .vsix into code-server 4.100.3, open a copy of fixtures/projects/editor, and drive it with
# headless Chromium (e2e/drive.js). Screenshots and checks.json go to $ARTIFACTS.
#   KILN_BIN=path/to/kiln ARTIFACTS=dir e2e/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ext=$(cd "$here/.." && pwd)
repo=$(cd "$ext/.." && pwd)
: "${KILN_BIN:?set KILN_BIN to the kiln binary}"
ARTIFACTS=${ARTIFACTS:-$ext/e2e-artifacts}
cs_dir=$repo/.cache/code-server
"$here/install-code-server.sh" "$cs_dir"
CS=$cs_dir/node_modules/.bin/code-server

work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-vscode-XXXX")
cleanup() {
  [ -n "${cspid:-}" ] && kill -- "-$cspid" 2>/dev/null || true
  [ -n "${cspid:-}" ] && wait "$cspid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export XDG_CONFIG_HOME=$work/home/config XDG_DATA_HOME=$work/home/data XDG_CACHE_HOME=$work/home/cache XDG_STATE_HOME=$work/home/state
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR" "$work/data/User" "$work/extensions" "$ARTIFACTS"

# The extension, with this kiln inside it.
(cd "$ext" && [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null)
(cd "$ext" && KILN_BIN="$KILN_BIN" npm run -s package >/dev/null)
"$CS" --extensions-dir "$work/extensions" --user-data-dir "$work/data" --install-extension "$ext/kiln.vsix" >/dev/null
"$CS" --extensions-dir "$work/extensions" --list-extensions | grep -qx kiln.kiln

cat > "$work/data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "security.workspace.trust.enabled": false,
  "editor.hover.delay": 100,
  "editor.quickSuggestions": {"other": false, "comments": false, "strings": false}
}
JSON
cp -r "$repo/fixtures/projects/editor" "$work/project"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid "$CS" --bind-addr "127.0.0.1:$port" --auth none --cert false \
  --user-data-dir "$work/data" --extensions-dir "$work/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$work/project" >"$ARTIFACTS/code-server.log" 2>&1 &
cspid=$!
for _ in $(seq 1 200); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
CS_URL="http://127.0.0.1:$port/?folder=$work/project" ARTIFACTS="$ARTIFACTS" node "$here/drive.js"
