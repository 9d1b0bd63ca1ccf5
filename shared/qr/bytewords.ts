// Bytewords (BCR-2020-012), minimal style as used in UR strings: each byte is the first and last
// letter of its 4-letter word; a CRC-32 of the data (big-endian) is appended before encoding.
import { crc32, uint32BE } from './crc32.ts';
import { UrError } from './errors.ts';
import { t } from '../i18n/index.ts';

const WORDS =
  'ableacidalsoapexaquaarchatomauntawayaxisbackbaldbarnbeltbetabiasbluebodybrag' +
  'brewbulbbuzzcalmcashcatschefcityclawcodecolacookcostcruxcurlcuspcyandarkdata' +
  'daysdelidicedietdoordowndrawdropdrumdulldutyeacheasyechoedgeepicevenexamexit' +
  'eyesfactfairfernfigsfilmfishfizzflapflewfluxfoxyfreefrogfuelfundgalagamegear' +
  'gemsgiftgirlglowgoodgraygrimgurugushgyrohalfhanghardhawkheathelphighhillholy' +
  'hopehornhutsicedideaidleinchinkyintoirisironitemjadejazzjoinjoltjowljudojugs' +
  'jumpjunkjurykeepkenokeptkeyskickkilnkingkitekiwiknoblamblavalazyleaflegsliar' +
  'limplionlistlogoloudloveluaulucklungmainmanymathmazememomenumeowmildmintmiss' +
  'monknailnavyneednewsnextnoonnotenumbobeyoboeomitonyxopenovalowlspaidpartpeck' +
  'playpluspoempoolposepuffpumapurrquadquizraceramprealredorichroadrockroofruby' +
  'ruinrunsrustsafesagascarsetssilkskewslotsoapsolosongstubsurfswantacotasktaxi' +
  'tenttiedtimetinytoiltombtoystriptunatwinuglyundouniturgeuservastveryvetovial' +
  'vibeviewvisavoidvowswallwandwarmwaspwavewaxywebswhatwhenwhizwolfworkyankyawn' +
  'yellyogayurtzapszerozestzinczonezoom';

/** The 256 words, index = byte value. */
export const BYTEWORDS: readonly string[] = Array.from({ length: 256 }, (_, i) => WORDS.slice(i * 4, i * 4 + 4));
const MINIMAL: readonly string[] = BYTEWORDS.map((w) => w[0]! + w[3]!);
const MINIMAL_INDEX = new Map<string, number>(MINIMAL.map((m, i) => [m, i]));
const WORD_INDEX = new Map<string, number>(BYTEWORDS.map((w, i) => [w, i]));

function withChecksum(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 4);
  out.set(data);
  out.set(uint32BE(crc32(data)), data.length);
  return out;
}

/** Minimal bytewords, lower case (upper-case the whole UR for QR alphanumeric mode). */
export function encodeBytewordsMinimal(data: Uint8Array): string {
  let out = '';
  for (const byte of withChecksum(data)) out += MINIMAL[byte]!;
  return out;
}

/** Standard style: the full words separated by spaces (for humans, e.g. in SPEC.md). */
export function encodeBytewordsStandard(data: Uint8Array): string {
  return Array.from(withChecksum(data), (b) => BYTEWORDS[b]!).join(' ');
}

function checkAndStrip(bytes: number[]): Uint8Array {
  if (bytes.length < 5) throw new UrError(t('qr:bytewords.tooShort'));
  const body = Uint8Array.from(bytes.slice(0, -4));
  const expected = uint32BE(crc32(body));
  const got = bytes.slice(-4);
  if (expected.some((b, i) => b !== got[i])) throw new UrError(t('qr:bytewords.checksum'));
  return body;
}

/** Decodes minimal bytewords (either case); throws UrError with the reason. */
export function decodeBytewordsMinimal(text: string): Uint8Array {
  const lower = text.toLowerCase();
  if (lower.length % 2 !== 0) throw new UrError(t('qr:bytewords.odd'));
  const bytes: number[] = [];
  for (let i = 0; i < lower.length; i += 2) {
    const index = MINIMAL_INDEX.get(lower.slice(i, i + 2));
    if (index === undefined) throw new UrError(t('qr:bytewords.notWordAt', { word: lower.slice(i, i + 2), position: i }));
    bytes.push(index);
  }
  return checkAndStrip(bytes);
}

/** Decodes standard bytewords (full words separated by single spaces). */
export function decodeBytewordsStandard(text: string): Uint8Array {
  const bytes = text
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((w) => {
      const index = WORD_INDEX.get(w);
      if (index === undefined) throw new UrError(t('qr:bytewords.notWord', { word: w.slice(0, 10) }));
      return index;
    });
  return checkAndStrip(bytes);
}
