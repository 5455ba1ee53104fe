// Copies the kiln binary into bin/ so the packaged extension carries its own server:
// $KILN_BIN if set, else ../target/release/kiln. Without one, the extension uses
// kiln.server.path or `kiln` on PATH.
import fs from 'fs';
import path from 'path';

const name = process.platform === 'win32' ? 'kiln.exe' : 'kiln';
const from = process.env.KILN_BIN || path.join('..', 'target', 'release', name);
if (fs.existsSync(from)) {
  fs.mkdirSync('bin', { recursive: true });
  fs.copyFileSync(from, path.join('bin', name));
  fs.chmodSync(path.join('bin', name), 0o755);
  console.log(`bundled ${from} as bin/${name}`);
} else {
  console.log(`no kiln binary at ${from}: packaging without a bundled server`);
}
