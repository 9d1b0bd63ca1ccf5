import type { Catalogue } from '../catalogue.ts';
import type en from '../en/storage.ts';

const storage: Catalogue<typeof en> = {
  damaged: {
    title: 'Die Datenbank des Kiosks ist beschädigt',
    copyKept: 'Der Kiosk hat nichts verändert. Eine Kopie der beschädigten Dateien liegt in <path/>.',
    restoreTitle: 'Sicherung wiederherstellen',
    noBackup: 'Es gibt keine Sicherung zum Wiederherstellen.',
    taken: 'Erstellt',
    requests: 'Anfragen',
    action: 'Aktion',
    newest: ' (neueste)',
    restore: 'Diese Sicherung wiederherstellen',
    afterBackup: 'Anfragen, die nach dieser Sicherung erfasst wurden, sind nicht darin; erfassen Sie sie erneut von ihren Geräten.',
    freshTitle: 'Mit leerer Datenbank beginnen',
    freshText: 'Warteschlange, Antworten, Verbindungen und Protokoll beginnen leer. Die Kopie der beschädigten Dateien bleibt, wo sie ist.',
    freshConfirm: 'Ja, mit leerer Datenbank beginnen',
    cancel: 'Abbrechen',
    freshAsk: 'Mit leerer Datenbank beginnen…',
  },
};
export default storage;
