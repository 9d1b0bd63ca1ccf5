import type { Catalogue } from '../catalogue.ts';
import type en from '../en/contract.ts';

const contract: Catalogue<typeof en> = {
  invalidInput: 'ungültige Eingabe',
  fieldProblem: '{{problem}} ({{path}})',
  ids: {
    request: 'eine Anfrage-ID besteht aus 64 Hexadezimalzeichen',
    export: 'eine Export-ID besteht aus 8 bis 64 Buchstaben, Ziffern oder Bindestrichen',
    visit: 'eine Einsatz-ID ist eine UUID',
  },
  licenceKey: {
    empty: 'geben Sie den Lizenzschlüssel ein',
    tooLong: 'ein Lizenzschlüssel hat höchstens 16 KiB',
    spaces: 'ein Lizenzschlüssel enthält keine Leerzeichen, Zeilenumbrüche oder Steuerzeichen: Fügen Sie nur den Schlüssel ein',
    control: 'der Lizenzschlüssel enthält Steuerzeichen',
  },
  seatReturn: {
    reasonShort: 'geben Sie an, warum der Platz zurückgegeben wird (mindestens 3 Zeichen, z. B. "Steuerung defekt, ersetzt")',
    reasonLong: 'der Grund hat höchstens 500 Zeichen',
    reasonControl: 'der Grund enthält Steuerzeichen',
    connection: 'wählen Sie die Verbindung',
    deviceEmpty: 'geben Sie die ID des Geräts ein (Machine-ID, Fingerabdruck oder Hardware-ID)',
    deviceLong: 'eine Geräte-ID hat höchstens 4.096 Zeichen',
    deviceControl: 'die Geräte-ID enthält Zeilenumbrüche oder Steuerzeichen: Fügen Sie nur die ID ein',
    productLong: 'ein Produktcode hat höchstens 256 Zeichen',
    productSpaces: 'ein Produktcode enthält keine Leer- oder Steuerzeichen',
  },
  label: {
    tooLong: 'die Bezeichnung hat höchstens 60 Zeichen',
    control: 'die Bezeichnung enthält Steuerzeichen',
  },
  visit: {
    customer: {
      empty: 'geben Sie den Kunden ein',
      tooLong: 'der Kunde hat höchstens {{max}} Zeichen',
      control: 'der Kunde enthält Steuerzeichen',
    },
    site: {
      empty: 'geben Sie den Standort ein',
      tooLong: 'der Standort hat höchstens {{max}} Zeichen',
      control: 'der Standort enthält Steuerzeichen',
    },
    ticket: {
      empty: 'geben Sie die Ticket- oder Auftragsnummer ein',
      tooLong: 'die Ticket- oder Auftragsnummer hat höchstens {{max}} Zeichen',
      control: 'die Ticket- oder Auftragsnummer enthält Steuerzeichen',
    },
  },
  pin: 'die PIN hat 4 bis 12 Ziffern',
  choose: {
    file: 'wählen Sie mindestens eine Datei',
    request: 'wählen Sie mindestens eine Anfrage',
    response: 'wählen Sie mindestens eine Antwort',
    backup: 'wählen Sie eine der aufgeführten Sicherungen',
  },
  atMost: {
    files: 'höchstens {{max}} Dateien auf einmal',
    thousandRequests: 'höchstens 1.000 Anfragen auf einmal',
    requests: 'höchstens {{max}} Anfragen auf einmal',
    answers: 'höchstens {{max}} Antworten in einem Export',
    rows: 'eine Liste liefert höchstens {{max}} Zeilen auf einmal; fragen Sie die nächsten mit offset ab',
    watchedFolders: 'höchstens {{max}} überwachte Ordner',
  },
  connectionName: {
    empty: 'geben Sie der Verbindung einen Namen',
    tooLong: 'ein Name hat höchstens 100 Zeichen',
    control: 'der Name enthält Steuerzeichen',
  },
  startFresh: 'bestätigen Sie, dass der Kiosk mit einer leeren Datenbank startet',
  engineer: {
    nameEmpty: 'geben Sie Ihren Namen ein',
    nameLong: 'der Name hat höchstens 80 Zeichen',
    nameControl: 'der Name enthält Steuerzeichen',
    idLong: 'die Techniker-ID hat höchstens 40 Zeichen',
    idControl: 'die Techniker-ID enthält Steuerzeichen',
  },
  isoDay: 'ein Datum wird als JJJJ-MM-TT geschrieben',
  search: 'die Suche hat höchstens 200 Zeichen',
  stick: {
    path: 'nennen Sie den USB-Stick oder Ordner',
    folder: 'geben Sie einen Ordner ein',
  },
  connection: {
    baseUrl: 'die Basis-URL muss mit http:// oder https:// beginnen',
    tokenLong: 'ein Token hat höchstens 4096 Zeichen',
    tokenSpaces: 'das Token enthält Leer- oder Steuerzeichen',
  },
  vendors: {
    genericPem: 'fügen Sie den öffentlichen Schlüssel des Anbieters im PEM-Format ein (-----BEGIN PUBLIC KEY-----)',
    cryptlexValidity: 'eine Antwort bleibt mindestens 60 Sekunden gültig',
    cryptlexPem: 'fügen Sie den öffentlichen Schlüssel des Produkts im PEM-Format ein (-----BEGIN PUBLIC KEY-----) oder lassen Sie das Feld leer',
    keygenKey:
      'der Prüfschlüssel des Kontos ist der Ed25519-Schlüssel mit 64 Hexadezimalzeichen oder ein öffentlicher Schlüssel im PEM-Format (-----BEGIN PUBLIC KEY-----) für RSA oder ECDSA (Keygen → Settings → Public keys)',
    keygenTtl: 'eine Machine-Datei gilt mindestens 3600 Sekunden',
    keygenSkewMin: 'die erlaubte Uhrenabweichung ist 0 Sekunden oder mehr',
    keygenSkewMax: 'die erlaubte Uhrenabweichung ist höchstens 86400 Sekunden (ein Tag)',
    keygenVerify:
      'Keygen signiert seine Antworten mit dem Ed25519-Schlüssel des Kontos, und diese Verbindung hat einen RSA- oder ECDSA-Schlüssel, der sie nicht prüfen kann: Geben Sie den Ed25519-Schlüssel ein (Keygen → Settings → Public keys) oder schalten Sie die Prüfung der Antworten aus',
    licensespringSecret:
      'geben Sie den API-Schlüssel und den gemeinsamen Schlüssel ein (je 8 bis 256 Zeichen, ohne Leerzeichen) oder keinen von beiden, um die gespeicherten zu behalten',
    licensespringPem: 'fügen Sie den öffentlichen Schlüssel des LicenseSpring-Servers im PEM-Format ein (-----BEGIN PUBLIC KEY-----)',
    relayCodeLong: 'ein Registrierungscode hat höchstens 64 Zeichen',
    relayCodeChars: 'ein Registrierungscode enthält nur Buchstaben, Ziffern und Bindestriche',
  },
  syncFinished: {
    title: 'Synchronisierung abgeschlossen',
    titleProblems: 'Synchronisierung mit Problemen abgeschlossen',
    titleSome: 'Synchronisierung abgeschlossen, einige brauchen Aufmerksamkeit',
    readyFailed_one: '{{fulfilled, number}} von {{count, number}} Anfrage bereit zum Zustellen; {{failed, number}} warten auf einen neuen Versuch oder wurden abgelehnt.',
    readyFailed_other: '{{fulfilled, number}} von {{count, number}} Anfragen bereit zum Zustellen; {{failed, number}} warten auf einen neuen Versuch oder wurden abgelehnt.',
    readyOnly_one: '{{fulfilled, number}} von {{count, number}} Anfrage bereit zum Zustellen.',
    readyOnly_other: '{{fulfilled, number}} von {{count, number}} Anfragen bereit zum Zustellen.',
  },
  clearText: {
    risk: 'Unverschlüsseltes http: Jeder im Netzwerk zwischen diesem Laptop und dem Server (WLAN, Proxy, Hotelnetz) kann das API-Token und die gesendeten Lizenzschlüssel lesen und die Antworten verändern, zum Beispiel einen Platz als freigegeben melden, der es nicht ist.',
    refusal:
      '{{host}} würde über unverschlüsseltes http:// erreicht, was der Kiosk nur für diesen Computer (localhost) erlaubt: Verwenden Sie https:// oder wählen Sie für diese Verbindung "Unverschlüsseltes http erlauben", wenn der Server kein TLS kann.',
    waits:
      'Die Verbindung "{{name}}" sendet über unverschlüsseltes http:// an {{host}}, was der Kiosk nicht mehr tut: Ändern Sie ihre Basis-URL in den Einstellungen auf https:// (oder erlauben Sie dort unverschlüsseltes http); bis dahin wartet die Anfrage.',
  },
};
export default contract;
