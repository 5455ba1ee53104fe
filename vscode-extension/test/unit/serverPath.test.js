// Unit tests for the server lookup order (setting, bundled binary, PATH) and its messages.
const test = require('node:test');
const assert = require('node:assert');
const { resolveServer, binaryName } = require('../../dist/serverPath.js');

const probe = (executables, dirs = []) => ({
  isExecutable: (p) => executables.includes(p),
  pathDirs: () => dirs,
});

test('the setting wins when it points at an executable', () => {
  const r = resolveServer('/opt/kiln', '/ext', 'linux', probe(['/opt/kiln', '/ext/bin/kiln']));
  assert.deepStrictEqual(r, { ok: true, path: '/opt/kiln', source: 'setting' });
});

test('a setting that is not executable is an error naming it', () => {
  const r = resolveServer('/nope/kiln', '/ext', 'linux', probe(['/ext/bin/kiln']));
  assert.strictEqual(r.ok, false);
  assert.match(r.message, /kiln\.server\.path is set to "\/nope\/kiln"/);
});

test('then the bundled binary, then PATH', () => {
  assert.strictEqual(resolveServer('', '/ext', 'linux', probe(['/ext/bin/kiln'])).source, 'bundled');
  const r = resolveServer('', '/ext', 'linux', probe(['/usr/bin/kiln'], ['/usr/local/bin', '/usr/bin']));
  assert.deepStrictEqual(r, { ok: true, path: '/usr/bin/kiln', source: 'path' });
});

test('nothing found: a clear message and everything tried', () => {
  const r = resolveServer('  ', '/ext', 'linux', probe([], ['/a', '/b']));
  assert.strictEqual(r.ok, false);
  assert.deepStrictEqual(r.tried, ['/ext/bin/kiln', '/a/kiln', '/b/kiln']);
  assert.match(r.message, /not found/);
});

test('windows binaries end in .exe', () => {
  assert.strictEqual(binaryName('win32'), 'kiln.exe');
  assert.strictEqual(binaryName('linux'), 'kiln');
});
