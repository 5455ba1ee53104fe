// Bundles the extension (and vscode-languageclient) into one CommonJS file, plus the pure
// modules the unit tests import.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  external: ['vscode'],
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
});
for (const name of ['serverPath', 'results']) {
  await esbuild.build({
    entryPoints: [`src/${name}.ts`],
    outfile: `dist/${name}.js`,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
}
