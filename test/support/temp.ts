import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder under the OS temp dir, removed when the test ends. */
export function tempDir(t: { after(fn: () => void): void }, prefix = 'kiosk-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const outputDir = (...parts: string[]) => {
  const dir = path.join(repoRoot, 'test-output', ...parts);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

/** A fresh folder for a benchmark run, removed when the process exits. */
export function benchDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kiosk-bench-${name}-`));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
