import type { Catalogue } from '../catalogue.ts';
import type en from '../en/visits.ts';

const visits: Catalogue<typeof en> = {
  bar: {
    region: 'Einsatz vor Ort',
    none: 'Kein Einsatz offen: Jetzt erfasste Anfragen gehören zu keinem Einsatz.',
    start: 'Einsatz beginnen…',
    openPrefix: 'Offener Einsatz: ',
    since_one: 'seit <time/>, {{count}} Anfrage',
    since_other: 'seit <time/>, {{count}} Anfragen',
    endQuestion: 'Einsatz beenden?',
    endConfirm: 'Diesen Einsatz beenden? Spätere Erfassungen gehören dann zu keinem Einsatz.',
    end: 'Einsatz beenden',
    keepOpen: 'Offen lassen',
    reportSoFar: 'Bisheriger Bericht',
    endEllipsis: 'Einsatz beenden…',
  },
  form: {
    label: 'Einsatz beginnen',
    customer: 'Kunde',
    site: 'Standort',
    ticket: 'Ticket oder Arbeitsauftrag (optional)',
    submit: 'Einsatz beginnen',
    cancel: 'Abbrechen',
  },
  ended: {
    text_one: 'Der Einsatz bei <strong>{{name}}</strong> endete mit {{count}} Anfrage. Geben Sie dem Kunden den Einsatzbericht:',
    text_other: 'Der Einsatz bei <strong>{{name}}</strong> endete mit {{count}} Anfragen. Geben Sie dem Kunden den Einsatzbericht:',
    pdf: 'Bericht als PDF',
    csv: 'Bericht als CSV',
    close: 'Schließen',
  },
  move: {
    section: 'Einsatz',
    partOf: 'Gehört zum Einsatz {{name}}.',
    noVisit: 'Gehört zu keinem Einsatz.',
    label: 'Zu Einsatz verschieben',
    none: 'Kein Einsatz',
    button: 'Verschieben',
  },
  filter: {
    label: 'Einsatz',
    all: 'Alle Anfragen',
    none: 'Kein Einsatz',
    reportPdf: 'Bericht (PDF)',
    reportCsv: 'Bericht (CSV)',
  },
  option: {
    open: '{{name}} – offen',
    ended: '{{name}} – {{at, date}}',
    ticket: '{{name}} ({{ticket}})',
  },
  notices: {
    started: 'Einsatz bei {{customer}}, {{site}} begonnen: Jede jetzt erfasste Anfrage gehört dazu.',
    moved_one: 'Die Anfrage gehört jetzt zu {{target}}.',
    moved_other: '{{count}} Anfragen gehören jetzt zu {{target}}.',
    already: 'Gehört schon zu {{target}}.',
    noVisit: 'keinem Einsatz',
    visitTarget: 'dem Einsatz {{name}}',
    saved: 'Bericht als {{file}} in {{folder}} gespeichert.',
    printTab: 'Der Einsatzbericht wurde in einem neuen Tab geöffnet: Drucken Sie ihn dort oder wählen Sie „Als PDF speichern“. Wenn sich kein Tab geöffnet hat, erlauben Sie Pop-ups für diese Seite.',
  },
  unknown: '(unbekannt)',
};
export default visits;
