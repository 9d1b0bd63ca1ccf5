import type { Catalogue } from '../catalogue.ts';
import type en from '../en/crypto.ts';

const crypto: Catalogue<typeof en> = {
  key: {
    notPem: 'der öffentliche Schlüssel ist nicht im PEM-Format (-----BEGIN PUBLIC KEY-----)',
    badBase64: 'das PEM des öffentlichen Schlüssels enthält ungültiges Base64',
    notRsa: 'der öffentliche Schlüssel ist kein öffentlicher RSA-Schlüssel',
  },
  document: {
    notStrictJson: 'es ist kein striktes JSON ({{problem}})',
    notObject: 'es ist kein JSON-Objekt {"data", "signature"}',
    fields: 'es braucht "data" (ein Objekt) und "signature" (Base64-Text)',
  },
  json: {
    notUtf8: 'es ist kein gültiges UTF-8',
    tooLong: 'es ist länger als {{max}} Zeichen',
    at: '{{what}} bei Zeichen {{at}}',
    expected: '„{{char}}“ erwartet',
    unterminated: 'nicht abgeschlossene Zeichenkette',
    control: 'nicht maskiertes Steuerzeichen in einer Zeichenkette',
    badUnicode: 'fehlerhafte \\u-Maskierung',
    badEscape: 'fehlerhafte Maskierung in einer Zeichenkette',
    unexpectedChar: 'unerwartetes Zeichen',
    number: 'die Zahl {{number}} übersteht keinen Hin- und Rückweg',
    depth: 'mehr als {{max}} Ebenen tief verschachtelt',
    forbidden: 'der Feldname „{{key}}“ ist nicht erlaubt',
    duplicate: 'das Feld „{{key}}“ kommt zweimal vor',
    trailing: 'unerwarteter Text nach dem Dokument',
  },
  audit: {
    hex64: 'besteht nicht aus 64 Hex-Zeichen in Kleinbuchstaben',
    hex128: 'besteht nicht aus 128 Hex-Zeichen in Kleinbuchstaben',
    tooLarge: 'Die Datei ist größer als {{mib}} MiB: Sie ist kein Protokollpaket, das dieser Befehl liest.',
    cutShort: 'Die Datei endet mitten im Protokollpaket: Sie wurde abgeschnitten (kopieren Sie sie erneut vom Kiosk).',
    notJson: 'Die Datei kann nicht als striktes JSON gelesen werden ({{problem}}): Sie ist kein Protokollpaket.',
    at: 'bei {{path}}',
    entryNamed: '(Protokolleintrag #{{seq}})',
    unexpected: 'unerwarteter Inhalt',
    notBundle: 'Dies ist kein Protokollpaket des Activation Kiosk in Version {{version}}: {{problem}}.',
    cutEnd: 'Das Protokollpaket wurde über {{signed}} Einträge bis #{{seq}} signiert, enthält aber {{held}}: Am Ende wurden Einträge entfernt.',
    added: 'Protokolleintrag #{{seq}} gehört nicht zu den {{signed}} Einträgen, über die das Protokollpaket signiert wurde: Er wurde danach hinzugefügt.',
    otherKey: 'Das Protokollpaket ist mit Schlüssel {{fingerprint}} signiert, nicht mit dem erwarteten Schlüssel ({{expected}}): Es stammt nicht von diesem Kiosk.',
    badSignature: 'Die Signatur passt nicht zum Schlüssel {{fingerprint}} des Protokollpakets: Das Paket wurde nach dem Signieren durch den Kiosk geändert oder mit einem anderen Schlüssel signiert.',
    intact: 'Das Protokollpaket ist unversehrt: {{count}} Einträge, Kette lückenlos, signiert mit Schlüssel {{fingerprint}}.',
    notFirst: 'Protokolleintrag #{{seq}} folgt nicht auf den Anfang des Protokolls: Ein Eintrag davor wurde gelöscht, verschoben oder eingefügt, oder seine Verkettung wurde bearbeitet.',
    notFollowing: 'Protokolleintrag #{{seq}} folgt nicht auf Eintrag #{{previous}}: Ein Eintrag davor wurde gelöscht, verschoben oder eingefügt, oder seine Verkettung wurde bearbeitet.',
    edited: 'Protokolleintrag #{{seq}} passt nicht zu seinem Hash: Er wurde nach dem Schreiben geändert.',
    signingKeyDamaged: 'der Signaturschlüssel des Protokolls im Geheimnisspeicher ({{id}}) ist beschädigt; Protokollpakete können erst signiert werden, wenn er entfernt ist (dann entsteht ein neuer Schlüssel)',
  },
};
export default crypto;
