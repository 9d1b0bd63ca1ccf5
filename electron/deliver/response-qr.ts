// A stored response as the QR text a device scans: the vendor's artifact, byte for byte, inside a
// response envelope that names the request it answers (request id and nonce), as ur:kiosk-response.
// Main sends the single-part UR; the renderer cuts it into animated frames at the density chosen.
import { FormatError } from '../../shared/formats/errors.ts';
import { encodeResponseEnvelope, KIOSK_RESPONSE_UR_TYPE } from '../../shared/formats/response.ts';
import { encodeSinglePartUr } from '../../shared/qr/ur.ts';
import { t } from '../../shared/i18n/index.ts';
import { vendorOf } from '../connectors/registry.ts';
import type { Vendor } from '../store/connection-store.ts';
import type { RequestRow, ResponseRow } from '../store/request-store.ts';

/** Throws FormatError when the response cannot travel as a QR code (too large, unsafe file name). */
export function responseQr(row: Pick<RequestRow, 'id' | 'nonce'>, response: ResponseRow, vendor: Vendor | null): { ur: string; envelopeBytes: number } {
  const issuedAt = Math.floor(Date.parse(response.verified_at) / 1000);
  if (!Number.isFinite(issuedAt)) throw new FormatError('kiosk response', t('files:qr.noVerificationTime'));
  const cbor = encodeResponseEnvelope({
    requestId: row.id,
    ...(row.nonce ? { nonce: row.nonce } : {}),
    ...(vendor ? { vendor: vendorOf(vendor).envelopeVendor } : {}),
    issuedAt,
    artifact: { fileName: response.file_name, mediaType: response.media_type, bytes: new Uint8Array(response.artifact) },
  });
  return { ur: encodeSinglePartUr({ type: KIOSK_RESPONSE_UR_TYPE, cbor }), envelopeBytes: cbor.length };
}
