// The settings of QR delivery on screen and the frames they give. Main sends the response as one
// single-part UR; here it is cut into fountain-coded frames (upper case, so each QR encodes in
// alphanumeric mode) at the density the engineer picks, without a round trip.
import { decodeSinglePartUr, UrEncoder } from '../../../shared/qr/ur.ts';

/** Frames per second: field-proven 5; slower for weak device cameras. */
export const SPEED = { min: 1, max: 10, initial: 5 } as const;
/** Bytes of the response per frame: denser frames mean fewer of them but a finer QR code. */
export const DENSITY = { min: 100, max: 400, step: 50, initial: 250 } as const;

export function clamp(value: number, range: { min: number; max: number }): number {
  return Math.min(range.max, Math.max(range.min, value));
}

/** An encoder for the response's frames; a response that fits one frame stays a single code. */
export function responseFrames(urText: string, fragmentBytes: number): UrEncoder {
  return new UrEncoder(decodeSinglePartUr(urText, 'kiosk-response'), clamp(fragmentBytes, DENSITY));
}
