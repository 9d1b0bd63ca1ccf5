import type { Catalogue } from '../catalogue.ts';
import type en from '../en/connector.ts';

const connector: Catalogue<typeof en> = {
  http: {
    stopped: 'Nicht gesendet: Die Synchronisierung wurde angehalten, weil der Kiosk schließt; die Anfrage geht beim nächsten Start.',
    tooLarge: 'Der Server unter {{host}} hat eine Antwort über 1 MiB gesendet, die keine Lizenzantwort braucht; prüfen Sie die Basis-URL.',
    timeout: 'Der Lizenzdienst unter {{host}} hat nicht innerhalb von {{seconds}} s geantwortet; die Anfrage hat ihn vielleicht erreicht, vielleicht nicht.',
    tls: 'Das TLS-Zertifikat von {{host}} wurde nicht angenommen ({{code}}); prüfen Sie die Basis-URL oder die vertrauenswürdigen Zertifikate des Rechners.',
    refused: 'Der Lizenzdienst unter {{host}} hat die Verbindung abgelehnt (unter dieser Adresse lauscht nichts); die Anfrage hat ihn nicht erreicht.',
    noHost: 'Der Hostname {{host}} lässt sich nicht auflösen; die Anfrage hat den Lizenzdienst nicht erreicht.',
    failedCode: 'die Verbindung ist fehlgeschlagen ({{code}})',
    failed: 'die Verbindung ist fehlgeschlagen',
    unreachable: 'Der Lizenzdienst unter {{host}} war nicht erreichbar: {{reason}}; die Anfrage hat ihn vielleicht erreicht, vielleicht nicht.',
  },
  kinds: {
    activate: 'eine Aktivierung',
    deactivate: 'eine Deaktivierung',
    refresh: 'eine Erneuerung',
    'license-file': 'eine Lizenzdatei für ihren Schlüssel',
  },
  kindRefusal: {
    elsewhere: 'Diese Anfrage verlangt {{kind}}, die {{vendor}}-Verbindungen nicht ausstellen; es wurde nichts gesendet. Wählen Sie in der Warteschlange eine Verbindung vom Typ {{servedBy}}.',
    nowhere: 'Diese Anfrage verlangt {{kind}}, die {{vendor}}-Verbindungen nicht ausstellen; es wurde nichts gesendet. Kein Verbindungstyp dieses Kiosks bedient sie.',
    or: ' oder ',
  },
  publicKey: {
    name: 'Öffentlicher Schlüssel',
    problem: '{{what}}: {{problem}}.',
  },
  relay: {
    names: { connection: 'Kiosk-Relay', request: 'ein Kiosk-Relay' },
    verifies:
      'Jede Antwort noch einmal auf diesem Kiosk mit den Anbieterschlüsseln, die das Relay bei der Registrierung genannt hat (mit den Prüfungen des jeweiligen Anbieters), damit ein Relay keine Datei fälschen kann; Aufrufe an das Relay sind mit dem eigenen Schlüssel dieses Kiosks signiert.',
    artifacts: 'Wie die Verbindung des Anbieters selbst sie benennt.',
    noSeatReturn:
      'Platzrückgaben für ein Gerät, das nicht hier ist, laufen noch nicht über das Relay der Firma: Bitten Sie den Betreiber des Relays, den Platz zurückzugeben, oder bringen Sie die Deaktivierungsanfrage des Geräts selbst mit.',
    secret: 'Registrierungscode',
    enrolUnreadable: 'Das Relay hat die Registrierung in einer Form beantwortet, die dieser Kiosk nicht lesen kann; prüfen Sie die Adresse des Relays.',
    notEnrolled: 'Dieser Kiosk ist nicht beim Relay registriert: Geben Sie in den Einstellungen einen neuen Registrierungscode vom Betreiber Ihres Relays ein.',
    noConnection: 'Das Relay hat Ihnen bei der Registrierung dieses Kiosks keine Verbindung genannt; bitten Sie den Betreiber Ihres Relays, eine freizugeben, und verbinden Sie sich dann erneut mit dem Relay.',
    noVendorConnection:
      'Das Relay hat Ihnen bei der Registrierung dieses Kiosks keine {{vendor}}-Verbindung genannt; bitten Sie den Betreiber Ihres Relays, eine freizugeben, und verbinden Sie sich dann erneut mit dem Relay.',
    artifactInvalid:
      'Die Antwort des Relays besteht die Prüfung mit den {{vendor}}-Schlüsseln nicht, die dieser Kiosk bei der Registrierung festgehalten hat ({{problem}}); es wurde nichts gespeichert. Informieren Sie den Betreiber Ihres Relays.',
    checkedAgain: 'Auf diesem Kiosk noch einmal mit dem bei der Registrierung festgehaltenen Anbieterschlüssel geprüft.',
    releaseNote: 'Der Anbieter signiert Platzfreigaben nicht; hier gilt das Wort des Relays.',
    through: 'Über das Relay ({{name}}): {{note}} {{after}}',
    checks: { enrolment: 'Registrierung', relay: 'Relay' },
    notEnrolledYet: 'Noch nicht registriert: Speichern Sie die Verbindung mit dem Registrierungscode vom Betreiber Ihres Relays.',
    status: 'Das Relay hat mit HTTP {{status}} geantwortet.',
    enrolled: 'Registriert als {{engineer}}; Verbindungen, die Sie nutzen dürfen: {{connections}}.',
    none: 'keine',
    recheck: {
      notSigned: 'sie ist keine signierte Lizenzantwort ({{reason}})',
      signatureBad: 'ihre Signatur lässt sich mit dem öffentlichen Schlüssel des Anbieters nicht bestätigen',
      notLicenseFile: 'sie ist keine Lizenzdatei, die mit dem Prüfschlüssel des Kontos signiert ist',
      notMachineFile: 'sie ist keine Maschinendatei, die mit dem Prüfschlüssel des Kontos signiert ist',
      notOfflineResponse: 'sie ist keine signierte Offline-Antwort',
      noProductKey: 'das Relay hat bei der Registrierung keinen öffentlichen Produktschlüssel für diese Verbindung genannt, ihre Antwort lässt sich also nicht prüfen',
      notBase64: 'sie ist keine Lizenzdatei in Base64',
      failed: 'sie ließ sich nicht prüfen ({{problem}})',
    },
  },
};
export default connector;
