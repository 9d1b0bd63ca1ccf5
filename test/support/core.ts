// Runs the kiosk core in-process against a data folder, with an unwrapping call helper.
import path from 'node:path';
import type { CallInput, CallOutput } from '../../shared/api/contract.ts';
import type { CallName } from '../../shared/api/methods.ts';
import { createKioskCore, type CoreOptions, type KioskCore } from '../../electron/core/kiosk-core.ts';
import { repoRoot } from './temp.ts';

export interface TestCore {
  core: KioskCore;
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  /** The call's error (code and message); fails the test if the call succeeds. */
  fail(name: CallName, input: unknown): Promise<{ code: string; message: string }>;
}

export function openCore(dataDir: string, options: Partial<CoreOptions> = {}): TestCore {
  const core = createKioskCore({
    dataDir,
    resourcesDir: path.join(repoRoot, 'resources'),
    deliverTo: 'folder',
    syncIntervalMs: 0,
    log: () => undefined,
    // The tests read English sentences whatever the machine's language (the language tests set their own).
    systemLocales: () => ['en-US'],
    ...options,
  });
  return {
    core,
    async call(name, input) {
      const result = await core.call(name, input);
      if (!result.ok) throw new Error(`${name} failed: [${result.error.code}] ${result.error.message}`);
      return result.value as never;
    },
    async fail(name, input) {
      const result = await core.call(name, input);
      if (result.ok) throw new Error(`${name} was expected to fail`);
      return result.error;
    },
  };
}
