#!/usr/bin/env bash
# Runtime benchmark: whole-process time of each bench/runtime/*.clj workload for kiln, JVM
# Clojure (Debian's `clojure` package) and nbb (npm), in the same run. Prints a table with
# the ratios; absolute times vary with the machine, the ratios are what to compare.
# Peers that are not installed are skipped with a note (this is a benchmark, not a test).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p lsp
RUNS=${RUNS:-3}
python3 - "$RUNS" <<'PY'
import glob, os, shutil, subprocess, sys, time
runs = int(sys.argv[1])
kiln = os.path.abspath("target/release/kiln")
peers = {"kiln": [kiln, "run"]}
jar = "/usr/share/java/clojure.jar"
if os.path.exists(jar):
    peers["jvm"] = ["java", "-cp", jar, "clojure.main"]
nbb = shutil.which("nbb") or next(iter(glob.glob(os.path.expanduser("~/.npm-global/bin/nbb")) + glob.glob("/tmp/nbbtest/node_modules/.bin/nbb")), None)
if nbb:
    peers["nbb"] = [nbb]
def best(cmd):
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        times.append(time.perf_counter() - t)
        out = r.stdout.strip() if r.returncode == 0 else "ERROR " + r.stderr.strip()[:80]
    return min(times), out
names = list(peers)
print("| workload | " + " | ".join(f"{n} (s)" for n in names) + " | " + " | ".join(f"{n}/kiln" for n in names if n != "kiln") + " |")
print("|---" * (1 + 2 * len(names) - 1) + "|")
for f in sorted(glob.glob("bench/runtime/*.clj")):
    res = {n: best(peers[n] + [f]) for n in names}
    outs = {n: res[n][1] for n in names}
    if len(set(outs.values())) > 1:
        print(f"<!-- outputs differ for {f}: {outs} -->")
    row = [os.path.basename(f)[:-4]] + [f"{res[n][0]:.3f}" for n in names] + [f"{res[n][0] / res['kiln'][0]:.1f}x" for n in names if n != "kiln"]
    print("| " + " | ".join(row) + " |")
PY
