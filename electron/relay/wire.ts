// What kiosks and the relay send each other, checked on both sides with the same schemas.
import { z } from 'zod';
import { pinnedConnection } from '../../shared/api/vendors/relay.ts';
import { REQUEST_KINDS } from '../../shared/formats/kiosk-request.ts';

const text = (max: number) => z.string().max(max);

export const enrolBody = z.object({
  code: text(64).min(1),
  publicKey: z.string().regex(/^[0-9a-f]{64}$/, 'the public key must be 64 hex characters'),
  label: text(200),
});

export { pinnedConnection, type PinnedConnection } from '../../shared/api/vendors/relay.ts';

export const enrolAnswer = z.object({ kioskId: z.string(), engineer: z.string(), connections: z.array(pinnedConnection) });
export type EnrolAnswer = z.infer<typeof enrolAnswer>;

export const connectorRequest = z.object({
  id: z.string().min(1).max(128),
  kind: z.enum(REQUEST_KINDS),
  licenseKey: text(4096),
  deviceId: text(1024),
  deviceLabel: text(1024).nullable(),
  deviceDetails: z.record(z.string().max(200), text(4096)),
  requestBody: text(65_536).optional(),
});

export const submitBody = z.object({
  vendor: pinnedConnection.shape.vendor,
  /** The relay connection to use; null: the first of the vendor the engineer may use. */
  connection: text(100).nullable(),
  request: connectorRequest,
});
export type SubmitBody = z.infer<typeof submitBody>;

export const submitAnswer = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    connection: z.string(),
    artifact: z.object({ fileName: z.string(), mediaType: z.string(), bytesBase64: z.string(), expiresAt: z.string().nullable() }),
    note: z.string(),
  }),
  z.object({ ok: z.literal(false), retryable: z.boolean(), code: z.string(), message: z.string(), retryAfterMs: z.number().nullable() }),
]);
export type SubmitAnswer = z.infer<typeof submitAnswer>;

export const helloAnswer = z.object({ kioskId: z.string(), engineer: z.string(), connections: z.array(z.string()) });
