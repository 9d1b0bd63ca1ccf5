// Any connection can be renamed, the built-in demo too; the demo's address and key stay the demo
// service's (saveConnection still refuses to change them), and using the demo again keeps its name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCore } from '../support/core.ts';
import { tempDir } from '../support/temp.ts';

test('the demo connection is renamed like any other; its address stays the demo service', async (t) => {
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  const demo = await kiosk.call('useDemoConnection', {});
  const renamed = await kiosk.call('renameConnection', { id: demo.id, name: '  Training bench  ' });
  assert.equal(renamed.name, 'Training bench');
  assert.equal(renamed.isDemo, true);
  assert.equal(renamed.baseUrl, demo.baseUrl);
  assert.equal((await kiosk.call('useDemoConnection', {})).name, 'Training bench', 'using the demo again keeps its name');
  assert.deepEqual((await kiosk.call('listConnections', {})).map((c) => c.name), ['Training bench']);
  assert.equal((await kiosk.call('getStatus', {})).connection?.name, 'Training bench');

  assert.match((await kiosk.fail('renameConnection', { id: demo.id, name: '   ' })).message, /give the connection a name/);
  assert.match((await kiosk.fail('renameConnection', { id: demo.id, name: 'a\u0007b' })).message, /control characters/);
  assert.equal((await kiosk.fail('renameConnection', { id: 'gone', name: 'X' })).code, 'not_found');
  assert.equal((await kiosk.call('listConnections', {}))[0]!.name, 'Training bench', 'a refused rename changes nothing');
});
