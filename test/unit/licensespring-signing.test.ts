// LicenseSpring's signing rules against their documents' own example, and the bytes
// license_signature_v2 covers (compact, members in order, non-ASCII as is, both signatures left out).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLicenseSpringCredentials, encodeLicenseSpringCredentials, signedHeaders } from '../../electron/connectors/licensespring/credentials.ts';
import { signedMessage } from '../../electron/connectors/licensespring/license-document.ts';
import { OrderedObject, parseStrictJsonOrdered } from '../../shared/crypto/strict-json.ts';

test('the Authorization header matches the example in LicenseSpring’s "Request Signature" page', () => {
  const headers = signedHeaders({ apiKey: '_here_is_the_api_key_', sharedKey: 'kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja' }, Date.parse('Tue, 07 Jun 2011 20:51:35 GMT'));
  assert.equal(headers.Date, 'Tue, 07 Jun 2011 20:51:35 GMT');
  assert.equal(headers.Authorization, 'algorithm="hmac-sha256",headers="date",signature="UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q=",apikey="_here_is_the_api_key_"');
});

test('the signed message: compact, in the order received, non-ASCII unescaped, without both signatures', () => {
  const text = '{"id": 7, "license_signature": "x", "customer": {"name": "M\\u00fcller", "10": 1, "a": [1, true, null]}, "2": "two", "license_signature_v2": "y", "z": "/"}';
  const doc = parseStrictJsonOrdered(text);
  assert.ok(doc instanceof OrderedObject);
  assert.equal(signedMessage(doc), '{"id":7,"customer":{"name":"Müller","10":1,"a":[1,true,null]},"2":"two","z":"/"}');
});

test('both keys are one secret-store entry; anything else reads as no credentials', () => {
  const stored = encodeLicenseSpringCredentials({ apiKey: 'api-key-00000001', sharedKey: 'shared-key-000001' });
  assert.deepEqual(decodeLicenseSpringCredentials(stored), { apiKey: 'api-key-00000001', sharedKey: 'shared-key-000001' });
  for (const bad of [null, 'plain-token-value', '{"apiKey":"api-key-00000001"}', '{"apiKey":"api-key-00000001","sharedKey":"shared-key-000001","x":1}', '{"apiKey":"short","sharedKey":"shared-key-000001"}']) {
    assert.equal(decodeLicenseSpringCredentials(bad), null, String(bad));
  }
  assert.throws(() => encodeLicenseSpringCredentials({ apiKey: 'api key with spaces', sharedKey: 'shared-key-000001' }));
});
