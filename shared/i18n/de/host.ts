import type { Catalogue } from '../catalogue.ts';
import type en from '../en/host.ts';

const host: Catalogue<typeof en> = {
  dialog: {
    chooseFolder: 'Wählen Sie, wohin die Antwortdateien geschrieben werden',
    startFailed: 'Activation Kiosk konnte nicht starten',
  },
  ipc: {
    notKioskWindow: 'Aufrufe werden nur aus dem Kiosk-Fenster angenommen.',
  },
  secrets: {
    fileStore: 'Geheimnisse werden NICHT verschlüsselt in {{path}} gespeichert (nur für dieses Benutzerkonto lesbar, Modus 0600). Verwenden Sie die Desktop-App mit einem Schlüsselbund des Betriebssystems, um sie zu verschlüsseln.',
    fileTooLarge: 'die Geheimnisdatei {{path}} ist größer als 1 MiB; sie stammt nicht von dieser App',
    fileNotJson: 'die Geheimnisdatei {{path}} ist kein gültiges JSON; stellen Sie sie wieder her oder löschen Sie sie und geben Sie die Geheimnisse erneut ein',
    fileBadForm: 'die Geheimnisdatei {{path}} hat nicht die erwartete Form; stellen Sie sie wieder her oder löschen Sie sie und geben Sie die Geheimnisse erneut ein',
    osStore: 'Geheimnisse werden mit dem Schlüsselspeicher des Betriebssystems ({{backend}}) verschlüsselt und in {{path}} abgelegt.',
    osStoreMissing: 'Geheimnisse sind NICHT richtig verschlüsselt: Kein Schlüsselspeicher des Betriebssystems verfügbar (Backend: {{backend}}). Sie liegen in {{path}}, nur für dieses Benutzerkonto lesbar.',
    safeBadForm: 'die Geheimnisdatei {{path}} hat nicht die erwartete Form',
  },
  web: {
    genericFailure: 'Der Kiosk-Dienst konnte diese Anfrage nicht beantworten. Versuchen Sie es erneut. Wenn es weiter fehlschlägt, starten Sie `npm run web` neu.',
    timeout: 'Die Anfrage kam zu langsam an; die Verbindung wird geschlossen.',
    malformed: 'Die Anfrage ist fehlerhaft.',
    loopbackOnly: 'Dieser Dienst antwortet nur auf seiner Loopback-Adresse.',
    badPath: 'Der Pfad der Anfrage ist fehlerhaft.',
    onlyGet: 'Hier ist nur GET erlaubt.',
    notFound: 'Nicht gefunden.',
    crossSite: 'Aufrufe von einer anderen Website oder einem anderen lokalen Port werden abgelehnt.',
    sendLink: 'Senden Sie den Schlüssel des Startlinks als {"link": "..."}.',
    usePost: 'Verwenden Sie POST.',
    useGet: 'Verwenden Sie GET.',
    noSuchCall: 'Diesen Kiosk-Aufruf gibt es nicht.',
    unknownCall: 'Unbekannter Aufruf {{name}}.',
    sendJson: 'Senden Sie den Aufruf als JSON (Content-Type: application/json).',
    tooLarge: 'Zu viele Daten in einem Aufruf. Senden Sie weniger Dateien auf einmal.',
    notJson: 'Der Inhalt des Aufrufs ist kein JSON.',
    printGone: 'Diese Berichtsseite wurde schon geöffnet oder ist abgelaufen: Fordern Sie den Bericht erneut an.',
    clientGone: 'Der Client hat die Verbindung getrennt, bevor der Inhalt seiner Anfrage ankam.',
  },
  session: {
    newLink: 'drücken Sie Enter im Terminal, in dem `npm run web` läuft, um einen neuen Link zu erhalten (oder starten Sie es neu)',
    linkUsed: 'Dieser Link wurde schon verwendet: Ein Link öffnet genau eine Sitzung, einmal. Um den Kiosk erneut zu öffnen, {{newLink}}.',
    linkUnknown: 'Dieser Link stammt nicht vom gerade laufenden Kiosk (vielleicht von einem früheren Start). Öffnen Sie den Link, den `npm run web` zuletzt ausgegeben hat.',
    noSession: 'Diese Seite hat keine Kiosk-Sitzung. Öffnen Sie den Link, den `npm run web` ausgegeben hat. Für einen weiteren Link {{newLink}}.',
    endedClosed: 'Diese Kiosk-Sitzung endete, als ihre Seite geschlossen wurde. Um den Kiosk erneut zu öffnen, {{newLink}}.',
    endedIdle: 'Diese Kiosk-Sitzung endete nach {{duration}} ohne Nutzung. Um den Kiosk erneut zu öffnen, {{newLink}}.',
    minutes_one: '{{count}} Minute',
    minutes_other: '{{count}} Minuten',
    seconds_one: '{{count}} Sekunde',
    seconds_other: '{{count}} Sekunden',
  },
};
export default host;
