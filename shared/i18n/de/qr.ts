import type { Catalogue } from '../catalogue.ts';
import type en from '../en/qr.ts';

const qr: Catalogue<typeof en> = {
  bytewords: {
    tooShort: 'Bytewords zu kurz (mindestens ein Byte und eine 4-Byte-Prüfsumme nötig)',
    checksum: 'Prüfsumme der Bytewords stimmt nicht (der Text wurde verändert oder falsch gelesen)',
    odd: 'Bytewords haben eine ungerade Anzahl von Buchstaben',
    notWordAt: '„{{word}}“ an Position {{position}} ist kein Byteword',
    notWord: '„{{word}}“ ist kein Byteword',
  },
  fountain: {
    messageTooLarge: 'Nachricht zu groß ({{size}} Bytes; höchstens {{max}})',
    tooManyFragments: '{{count}} Fragmente sind mehr, als ein Empfänger annimmt (höchstens {{max}}); verwenden Sie längere Fragmente',
    partTooLarge: 'Teil zu groß ({{size}} Bytes; höchstens {{max}})',
    partNotCbor: 'Teil ist kein gültiges CBOR ({{problem}})',
    partNotArray: 'Teil muss ein CBOR-Array aus 5 Elementen sein',
    partSeqNum: 'seqNum des Teils muss eine ganze Zahl ≥ 1 sein',
    partSeqLen: 'seqLen des Teils muss 1..{{max}} sein',
    partMessageLen: 'messageLen des Teils muss 1..{{max}} sein',
    partChecksum: 'Prüfsumme des Teils muss eine vorzeichenlose 32-Bit-Zahl sein',
    partData: 'Daten des Teils müssen eine Bytefolge von 1..{{max}} Bytes sein',
    partMismatch: 'seqLen des Teils passt nicht zu messageLen und Fragmentlänge',
    checksum: 'die zusammengesetzte Nachricht besteht ihre Prüfsumme nicht',
  },
  ur: {
    badType: '„{{type}}“ ist kein UR-Typ (Kleinbuchstaben, Ziffern und Bindestriche)',
    tooLong: 'UR-Text zu lang',
    noPrefix: 'kein UR (muss mit „ur:“ beginnen)',
    badSequence: '„{{sequence}}“ ist keine Folge wie 3-10',
    sequenceTooLarge: 'Folgenummer zu groß',
    form: 'ein UR hat die Form ur:<type>/<data> oder ur:<type>/<n>-<m>/<data>',
    notUr: 'kein UR (muss wie ur:<type>/... aussehen)',
    wrongType: 'ur:{{type}} ist kein ur:{{expected}}',
    oneFrame: 'dies ist Bild {{num}} eines animierten QR-Codes aus {{len}} Bildern: Scannen Sie alle',
    expected: 'ur:{{expected}} erwartet, ur:{{type}} erhalten',
    otherCode: 'Bild eines anderen Codes (ur:{{type}}, gesammelt wird ur:{{collecting}})',
    disagree: 'Kopf und Inhalt des Bildes widersprechen sich in der Folge',
    otherLength: 'Bild eines anderen Codes (andere Länge oder Prüfsumme)',
    complete: 'bereits vollständig',
  },
};
export default qr;
