// Where the `kiln` binary is: the `kiln.server.path` setting, else the binary bundled in the
// extension (`bin/kiln`), else `kiln` on PATH. Pure (file checks are injected) so the unit
// tests can drive every case.
import * as path from 'path';

export interface Probe {
  /** Is there an executable file at this path? */
  isExecutable(p: string): boolean;
  /** The PATH directories. */
  pathDirs(): string[];
}

export type Resolution =
  | { ok: true; path: string; source: 'setting' | 'bundled' | 'path' }
  | { ok: false; tried: string[]; message: string };

export function binaryName(platform: string): string {
  return platform === 'win32' ? 'kiln.exe' : 'kiln';
}

export function resolveServer(setting: string, extensionDir: string, platform: string, probe: Probe): Resolution {
  const tried: string[] = [];
  const configured = setting.trim();
  if (configured) {
    if (probe.isExecutable(configured)) {
      return { ok: true, path: configured, source: 'setting' };
    }
    return {
      ok: false,
      tried: [configured],
      message: `kiln.server.path is set to "${configured}", which is not an executable file.`,
    };
  }
  const bundled = path.join(extensionDir, 'bin', binaryName(platform));
  tried.push(bundled);
  if (probe.isExecutable(bundled)) {
    return { ok: true, path: bundled, source: 'bundled' };
  }
  for (const dir of probe.pathDirs()) {
    const candidate = path.join(dir, binaryName(platform));
    tried.push(candidate);
    if (probe.isExecutable(candidate)) {
      return { ok: true, path: candidate, source: 'path' };
    }
  }
  return {
    ok: false,
    tried,
    message:
      'The kiln language server was not found: set kiln.server.path, or put `kiln` on your PATH ' +
      '(build it with `cargo build --release -p lsp`).',
  };
}
