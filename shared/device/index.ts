// The reference device kit's public surface (see SPEC.md beside this file).
export * from './kit.ts';
export { kioskEnvelopeToJsonText, kioskEnvelopeToUr, decodeKioskEnvelope, type KioskRequest, type KioskEnvelope } from '../formats/kiosk-request.ts';
export { responseFromUr, decodeResponseEnvelope, type ResponseEnvelope } from '../formats/response.ts';
export { decodeReceipt, receiptFromUr, responseDigestOf, verifyReceipt, RECEIPT_REASONS, type Receipt, type SignedReceipt } from '../formats/receipt.ts';
export { UrDecoder, UrEncoder } from '../qr/ur.ts';
