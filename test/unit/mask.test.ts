// Masking a secret in every form a server might echo it in, wherever it sits in the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecretsIn, secretForms } from '../../electron/secrets/mask.ts';

const TOKEN = 'prod-Ab3/+x=Yz"q\\r~9Kd';

test('base64 of a token is found at every byte alignment inside a longer base64 text', () => {
  for (const lead of ['', 'a', 'ab', 'abc', 'user:']) {
    for (const tail of ['', 'z', 'zz']) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const text = `header ${Buffer.from(`${lead}${TOKEN}${tail}`).toString(encoding)} end`;
        const masked = maskSecretsIn(text, [TOKEN]);
        assert.match(masked, /prod-…~9Kd/, `${encoding}, ${lead.length} bytes before`);
        // What is left of the encoded text holds at most the bytes around the token.
        const left = masked.replace(/^header /, '').replace(/ end$/, '').split(/prod-…\S{4}/);
        for (const part of left) assert.ok(part.length <= 8, `${encoding}: "${part}" is longer than the text around the token`);
      }
    }
  }
});

test('every encoded form is masked, in any letter case; unrelated text is left alone', () => {
  for (const form of secretForms(TOKEN)) {
    for (const shown of [form, form.toLowerCase(), form.toUpperCase()]) {
      const masked = maskSecretsIn(`said: ${shown}!`, [TOKEN]);
      assert.equal(masked, 'said: prod-…~9Kd!', `form ${form}`);
    }
  }
  const plain = 'Keygen refused validating the licence (HTTP 400): 0123456789abcdef QUJD';
  assert.equal(maskSecretsIn(plain, [TOKEN, 'ABCDE-12345']), plain);
  assert.equal(maskSecretsIn('abc', ['abc']), 'abc', 'secrets under 4 characters are not searched for');
});
