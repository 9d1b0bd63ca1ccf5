// electron-builder.yml as `npm run dist` reads it: loaded and checked by electron-builder's own
// code and JSON schema (app-builder-lib's scheme.json, validated with its ajv), and the Electron
// fuses that stop the packaged binary from being used as a Node runtime or loading other code.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { repoRoot, tempDir } from '../support/temp.ts';

const CONFIG_FILE = path.join(repoRoot, 'electron-builder.yml');
const quietLogger = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];

const load = (projectDir: string, file: string): Promise<Configuration> => getConfig(projectDir, file, null);
const validate = (config: Configuration) => validateConfiguration(config, quietLogger);

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema", async () => {
    await validate(await load(repoRoot, CONFIG_FILE));
  });

  it('sets the fuses that close Node entry points and pin the app to its checked asar', async () => {
    const config = await load(repoRoot, CONFIG_FILE);
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    assert.equal(config.asar, true, 'asar integrity needs the app in an asar');
  });

  it('is refused by the same check when a key is wrong', async (t) => {
    const dir = tempDir(t, 'kiosk-builder-config-');
    const original = fs.readFileSync(CONFIG_FILE, 'utf8');
    const broken = {
      'a misspelt fuse': original.replace('  runAsNode: false', '  runAsNod: false'),
      'a fuse that is not a boolean': original.replace('  runAsNode: false', '  runAsNode: sometimes'),
      'an unknown top-level key': `${original}\nelectronFusess:\n  runAsNode: false\n`,
    };
    for (const [what, text] of Object.entries(broken)) {
      assert.notEqual(text, original, what);
      const file = path.join(dir, 'electron-builder.yml');
      fs.writeFileSync(file, text);
      await assert.rejects(validate(await load(repoRoot, file)), /Invalid configuration object[\s\S]*electronFuses/, `${what} was accepted`);
    }
  });
});
