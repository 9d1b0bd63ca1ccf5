// The kiosk's database and the history it writes on requests and visits.
const store = {
  backup: {
    integrity: "the backup {{file}} failed SQLite's integrity check ({{problem}})",
    unreadable: 'the backup {{file}} cannot be read ({{problem}})',
    notBackup: '{{file}} is not the name of a kiosk backup',
  },
  database: {
    notSqlite: 'The kiosk database file is not a SQLite database any more (its header is damaged).',
    damaged: 'SQLite found the kiosk database damaged ({{problem}}).',
    integrity: "SQLite's integrity check of the kiosk database failed ({{problem}}).",
    impossibleVersion: 'The kiosk database carries an impossible schema version ({{version}}).',
    missingTable: 'The kiosk database says it is at schema version {{version}}, but its table "{{table}}" is missing.',
    missingColumn: 'The kiosk database says it is at schema version {{version}}, but its table "{{table}}" has no column "{{column}}".',
    tooNew: 'the kiosk database was written by a newer Activation Kiosk (schema {{version}}, this app knows {{latest}}); update the app',
    migrationOrphans: 'schema migration {{version}} would leave rows pointing at nothing; nothing was changed',
  },
  wal: {
    tooLarge: "The database's write-ahead log ({{file}}) is {{size}} bytes, far more than the kiosk ever writes; it cannot be checked.",
    header: "The header of the database's write-ahead log{{where}} is damaged: SQLite would silently ignore every change in it.",
    frame_one: "The database's write-ahead log{{where}} is damaged at frame {{frame}} of {{total}}: SQLite would silently drop {{count}} committed change written after it.",
    frame_other: "The database's write-ahead log{{where}} is damaged at frame {{frame}} of {{total}}: SQLite would silently drop {{count}} committed changes written after it.",
  },
  request: {
    capturedAgain: 'Captured again from {{name}}; already in the queue, not added twice',
    capturedFile: 'Captured from file {{name}} ({{format}})',
    capturedInput: 'Captured from {{kind}} input "{{name}}" ({{format}})',
    expired: 'The request expired at {{at, time}}; it will not be sent',
    keyEntered: 'The engineer entered the licence key',
    keyChanged: 'The engineer changed the licence key from {{from}} to {{to}}',
    connectionChosen: 'The engineer chose the connection "{{connection}}"',
    connectionAuto: 'The engineer let the kiosk choose the connection',
  },
  visit: {
    started: 'Visit started for {{customer}} at {{site}}',
    startedTicket: 'Visit started for {{customer}} at {{site}}, ticket {{ticket}}',
    ended_one: 'Visit ended with {{count}} request',
    ended_other: 'Visit ended with {{count}} requests',
    moved: 'Moved to the visit for {{customer}} at {{site}}',
    movedOut: 'Moved out of its visit: it belongs to none now',
    was: '(was {{visit}})',
  },
};
export default store;
