// The CBOR inside a single-part UR of one type, with UR-level problems (wrong type, a frame of an
// animated code, bad bytewords) reported as a FormatError naming what was being read.
import { decodeSinglePartUr, UrError } from '../qr/ur.ts';
import { FormatError } from './errors.ts';

export function cborOfUr(text: string, type: string, form: string): Uint8Array {
  try {
    return decodeSinglePartUr(text.trim(), type).cbor;
  } catch (error) {
    if (error instanceof UrError) throw new FormatError(form, error.message);
    throw error;
  }
}
