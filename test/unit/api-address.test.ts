// Which base URLs need the engineer's "insecure" choice, and the origin a token is bound to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiOrigin, sendsInClear } from '../../shared/api/api-address.ts';

test('plain http is free only for this computer: localhost, 127.0.0.0/8 and [::1]', () => {
  for (const url of ['http://localhost:4010', 'http://LOCALHOST', 'http://127.0.0.1:80/api', 'http://127.255.0.9', 'http://0x7f.1:4020', 'http://[::1]:8080/v1', 'https://licensing.example.com']) {
    assert.equal(sendsInClear(url), false, url);
  }
  for (const url of [
    'http://licensing.example.com',
    'http://127.0.0.1.example.com',
    'http://localhost.example.com',
    'http://0.0.0.0:4010',
    'http://10.0.0.5',
    'http://[::ffff:127.0.0.1]',
    'http://[2001:db8::1]',
    'HTTP://api.cryptlex.com',
  ]) {
    assert.equal(sendsInClear(url), true, url);
  }
  assert.equal(sendsInClear('not a url'), false, 'an invalid URL is refused elsewhere, with its own sentence');
});

test('the origin is scheme, host and port: a path, a default port or a trailing slash do not change it', () => {
  assert.equal(apiOrigin('https://api.keygen.sh/v1/accounts/acme'), 'https://api.keygen.sh');
  assert.equal(apiOrigin('https://api.keygen.sh:443/v1/accounts/other/'), 'https://api.keygen.sh');
  assert.equal(apiOrigin('HTTPS://API.Keygen.sh'), 'https://api.keygen.sh');
  assert.notEqual(apiOrigin('https://api.keygen.sh:8443'), apiOrigin('https://api.keygen.sh'));
  assert.notEqual(apiOrigin('http://api.keygen.sh'), apiOrigin('https://api.keygen.sh'));
  assert.equal(apiOrigin('ftp://files.example.com'), null);
  assert.equal(apiOrigin('https://'), null);
});
