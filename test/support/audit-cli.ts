// The audit verify command (electron/audit/cli.ts), run as `npm run audit -- ...` runs it: a child
// Node with tsx, from the repository root. Resolves with the exit code and what it printed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './temp.ts';

export function runAuditCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'electron/audit/cli.ts'), ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
