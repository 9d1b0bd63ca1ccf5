import type { Catalogue } from '../catalogue.ts';
import type en from '../en/store.ts';

const store: Catalogue<typeof en> = {
  backup: {
    integrity: 'die Sicherung {{file}} hat die Integritätsprüfung von SQLite nicht bestanden ({{problem}})',
    unreadable: 'die Sicherung {{file}} kann nicht gelesen werden ({{problem}})',
    notBackup: '{{file}} ist nicht der Name einer Kiosk-Sicherung',
  },
  database: {
    notSqlite: 'Die Datenbankdatei des Kiosks ist keine SQLite-Datenbank mehr (ihr Kopf ist beschädigt).',
    damaged: 'SQLite hat die Datenbank des Kiosks beschädigt vorgefunden ({{problem}}).',
    integrity: 'Die Integritätsprüfung der Kiosk-Datenbank durch SQLite ist fehlgeschlagen ({{problem}}).',
    impossibleVersion: 'Die Datenbank des Kiosks trägt eine unmögliche Schemaversion ({{version}}).',
    missingTable: 'Die Datenbank des Kiosks gibt Schemaversion {{version}} an, aber ihre Tabelle „{{table}}“ fehlt.',
    missingColumn: 'Die Datenbank des Kiosks gibt Schemaversion {{version}} an, aber ihrer Tabelle „{{table}}“ fehlt die Spalte „{{column}}“.',
    tooNew: 'die Datenbank des Kiosks wurde von einem neueren Activation Kiosk geschrieben (Schema {{version}}, diese App kennt {{latest}}); aktualisieren Sie die App',
    migrationOrphans: 'die Schemamigration {{version}} würde Zeilen hinterlassen, die auf nichts verweisen; es wurde nichts geändert',
  },
  wal: {
    tooLarge: 'Das Write-Ahead-Log der Datenbank ({{file}}) ist {{size}} Bytes groß, weit mehr, als der Kiosk je schreibt. Es kann nicht geprüft werden.',
    header: 'Der Kopf des Write-Ahead-Logs der Datenbank{{where}} ist beschädigt: SQLite würde jede Änderung darin stillschweigend ignorieren.',
    frame_one: 'Das Write-Ahead-Log der Datenbank{{where}} ist bei Frame {{frame}} von {{total}} beschädigt: SQLite würde {{count}} danach geschriebene, bestätigte Änderung stillschweigend verwerfen.',
    frame_other: 'Das Write-Ahead-Log der Datenbank{{where}} ist bei Frame {{frame}} von {{total}} beschädigt: SQLite würde {{count}} danach geschriebene, bestätigte Änderungen stillschweigend verwerfen.',
  },
  request: {
    capturedAgain: 'Erneut erfasst aus {{name}}; bereits in der Warteschlange, nicht doppelt hinzugefügt',
    capturedFile: 'Erfasst aus Datei {{name}} ({{format}})',
    capturedInput: 'Erfasst aus Eingabe ({{kind}}) „{{name}}“ ({{format}})',
    expired: 'Die Anfrage ist um {{at, time}} abgelaufen; sie wird nicht gesendet',
    keyEntered: 'Der Techniker hat den Lizenzschlüssel eingegeben',
    keyChanged: 'Der Techniker hat den Lizenzschlüssel von {{from}} in {{to}} geändert',
    connectionChosen: 'Der Techniker hat die Verbindung „{{connection}}“ gewählt',
    connectionAuto: 'Der Techniker hat die Wahl der Verbindung dem Kiosk überlassen',
  },
  visit: {
    started: 'Einsatz begonnen für {{customer}} am Standort {{site}}',
    startedTicket: 'Einsatz begonnen für {{customer}} am Standort {{site}}, Ticket {{ticket}}',
    ended_one: 'Einsatz beendet mit {{count}} Anfrage',
    ended_other: 'Einsatz beendet mit {{count}} Anfragen',
    moved: 'In den Einsatz für {{customer}} am Standort {{site}} verschoben',
    movedOut: 'Aus seinem Einsatz genommen: Die Anfrage gehört jetzt zu keinem',
    was: '(vorher {{visit}})',
  },
  auditCsv: {
    entry: 'Eintrag',
    time: 'Zeit (UTC)',
    who: 'Wer',
    engineer: 'Techniker',
    engineerId: 'Techniker-ID',
    event: 'Ereignis',
    device: 'Gerät',
    request: 'Anfrage',
    detail: 'Details',
    hash: 'Hash',
  },
};
export default store;
