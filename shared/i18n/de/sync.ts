import type { Catalogue } from '../catalogue.ts';
import type en from '../en/sync.ts';

const sync: Catalogue<typeof en> = {
  noConnection: 'Noch keine Verbindung zu einem Lizenzdienst: Wählen Sie eine in den Einstellungen.',
  unreachable: '{{names}} ist nicht erreichbar. Die Anfragen warten, nichts geht verloren.',
  expired: 'Die Anfrage ist um {{at, time}} abgelaufen; sie wurde nicht gesendet',
  sending: 'Versuch {{attempt}}: wird an {{connection}} gesendet',
  interrupted: 'Unterbrochen, bevor der Server sie angewendet hat; sie wird erneut gesendet',
  reconciled: 'Früher unterbrochen; {{note}}',
  fulfilled: '{{note}} Bereit zum Zustellen als {{file}}',
  willRetry: '{{message}} Nächster Versuch nach {{at, timeSeconds}}',
  unexpected: 'Unerwarteter Fehler bei der Verbindung mit der Lizenz-API ({{problem}}).',
};
export default sync;
