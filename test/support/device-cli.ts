// The device simulator CLI (test/device/cli.ts), run as `npm run device -- ...` runs it: in a child
// Node with tsx, from the repository root.
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './temp.ts';

const run = promisify(execFile);
const cliArgs = (args: string[]) => ['--import', 'tsx', path.join(repoRoot, 'test/device/cli.ts'), ...args];

/** Runs the simulator and returns what it printed; throws when it exits with an error. */
export function runDeviceSync(args: string[]): string {
  return execFileSync(process.execPath, cliArgs(args), { cwd: repoRoot, encoding: 'utf8' });
}

/** Runs the simulator without blocking the test's event loop; rejects (with `stdout` and `stderr`) when it exits with an error. */
export function runDevice(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, cliArgs(args), { cwd: repoRoot });
}
