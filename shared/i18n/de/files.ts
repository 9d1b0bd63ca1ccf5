import type { Catalogue } from '../catalogue.ts';
import type en from '../en/files.ts';

const files: Catalogue<typeof en> = {
  write: {
    readsBackDifferent: '{{name}} liest sich anders zurück, als es geschrieben wurde',
    readOnly: '{{file}} wurde nicht geschrieben: {{stick}} ist schreibgeschützt (prüfen Sie den Schreibschutzschalter). Auf dem Stick wurde nichts geändert.',
    full: '{{file}} wurde nicht geschrieben: {{stick}} ist voll. Geben Sie Platz auf dem Stick frei und schreiben Sie die Antworten erneut zurück.',
    gone: '{{file}} ist nicht auf {{stick}} angekommen: Der Stick wurde während des Schreibens abgezogen (oder ist ausgefallen). Stecken Sie ihn wieder ein und schreiben Sie die Antworten erneut zurück.',
    other: '{{file}} wurde nicht auf {{stick}} geschrieben: {{problem}}.',
    tooManyFiles: 'zu viele Dateien mit einem Namen wie {{name}} in {{folder}}',
  },
  scan: {
    tooLarge: '„{{name}}“ ist zu groß für eine Anfragedatei (über 1 MiB). Die Datei wurde nicht importiert.',
    unreadable: '„{{name}}“ konnte nicht gelesen werden ({{problem}}). Falls der Stick abgezogen wurde, stecken Sie ihn wieder ein.',
    changing: '„{{name}}“ hat sich beim Lesen verändert (wird die Datei noch kopiert?). Sie wurde nicht importiert. Importieren Sie erneut, sobald das Kopieren fertig ist.',
    binary: '„{{name}}“ ist eine Binärdatei, keine Anfrage, die der Kiosk lesen kann.',
    notRequest: '„{{name}}“ ist keine Anfrage, die der Kiosk lesen kann: {{problem}}.',
  },
  writeBack: {
    device: 'Gerät {{id}}',
    stickGone: '{{stick}} ist nicht mehr da: Stecken Sie den Stick wieder ein und schreiben Sie die Antworten dann zurück.',
    notWritten: '{{file}} wurde nicht geschrieben: {{reason}}',
    exported: 'Als {{file}} neben {{request}} auf {{stick}} ({{path}}) geschrieben; noch nicht zugestellt',
    exportedTo: 'USB-Stick {{stick}}',
    stopReadOnly: '{{stick}} ist schreibgeschützt.',
    stopRemoved: '{{stick}} wurde abgezogen.',
    summary: 'Antworten auf {{stick}} ({{path}}) zurückgeschrieben: {{written}} geschrieben, {{already}} schon vorhanden, {{notWritten}} nicht geschrieben, {{waiting}} noch ohne Antwort.',
    summaryWithProblems: 'Antworten auf {{stick}} ({{path}}) zurückgeschrieben: {{written}} geschrieben, {{already}} schon vorhanden, {{notWritten}} nicht geschrieben ({{files}}), {{waiting}} noch ohne Antwort.',
    summaryManifest: '{{manifest}} listet die {{count}} Antworten auf dem Stick auf.',
    foreignFile: '{{file}} wurde nicht geschrieben: Auf {{stick}} liegt bereits eine andere Datei dieses Namens, die nicht vom Kiosk stammt. Benennen Sie sie um oder verschieben Sie sie und schreiben Sie dann erneut zurück.',
  },
  readme: [
    'Lizenzantworten vom Activation Kiosk',
    '',
    'Auf {{stick}} geschrieben am {{at, fullTime}}: {{count}} Antwortdatei(en).',
    '',
    'Jede Antwort liegt neben der Anfragedatei, die sie beantwortet, mit demselben Namen und der',
    'Endung des Anbieters (zum Beispiel press-1.req -> press-1.lic). Laden Sie die Antwortdatei auf',
    'das Gerät, das die Anfrage geschrieben hat, wie es dessen Handbuch für die Offline-Aktivierung beschreibt.',
    '',
    'manifest.json listet jede Antwort auf: die Anfrage-ID, das Gerät, die Datei und ihren',
    'SHA-256-Wert. So können Sie prüfen, ob eine Datei vollständig angekommen ist (sha256sum DATEI).',
    '',
  ].join('\n'),
  qr: {
    noVerificationTime: 'die Antwort hat keinen gültigen Prüfzeitpunkt',
  },
  bundle: {
    cancelled: 'Der Export wurde abgebrochen.',
    tooManyFolders: 'zu viele Ordner mit einem Namen wie {{name}} in {{folder}}',
  },
};
export default files;
