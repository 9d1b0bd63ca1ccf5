// The contract's visit calls: start and end a site visit, list visits, move requests between them,
// and export a visit's report (PDF or CSV). Tagging captures with the open visit happens in the
// request store's insert, so every capture path (file, scanner, paste, camera, licence file) gets it.
import type { CallInput, CallOutput, VisitView } from '../../shared/api/contract.ts';
import { KioskError } from '../../shared/api/errors.ts';
import { t } from '../../shared/i18n/index.ts';
import { beginExport, endExport } from '../deliver/pending-exports.ts';
import { writeNewFile } from '../deliver/write-file.ts';
import type { Db } from '../store/database.ts';
import type { Preferences } from '../store/preferences.ts';
import type { RequestStore } from '../store/request-store.ts';
import { VisitStore, visitTag, type VisitRow, type VisitWithCount } from '../store/visit-store.ts';
import { buildVisitReport } from './visit-report.ts';
import { visitReportCsv } from './visit-report-csv.ts';
import { visitReportHtml } from './visit-report-html.ts';

/** Where the audit helper keeps the engineer's identity ({name, id}). */
const ENGINEER_KEY = 'engineer';

export interface VisitPorts {
  db: Db;
  requests: RequestStore;
  preferences: Preferences;
  now: () => Date;
  deliverTo: 'folder' | 'download';
  chooseFolder?: () => Promise<string | null>;
  /** Electron: the report page printed to PDF (webContents.printToPDF). */
  printPdf?: (html: string) => Promise<Uint8Array>;
  /** Web host: publishes the report page once and returns its path for the browser to open and print. */
  printPage?: (html: string) => string;
  /** Requests changed (their visit; [] when a visit starts or ends): every open window refreshes. */
  changed: (ids: string[]) => void;
}

type Handler<K extends 'startVisit' | 'endVisit' | 'listVisits' | 'moveToVisit' | 'exportVisitReport'> = (input: CallInput<K>) => Promise<CallOutput<K>>;

export function visitHandlers(ports: VisitPorts) {
  const visits = new VisitStore(ports.db, ports.requests, ports.now);

  const view = (row: VisitRow | VisitWithCount): VisitView => ({
    id: row.id,
    customer: row.customer,
    site: row.site,
    ticket: row.ticket,
    engineer: engineerOf(row.engineer),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    requests: 'requests' in row ? row.requests : visits.count(row.id),
  });

  function mustGet(id: string): VisitRow {
    const row = visits.get(id);
    if (!row) throw new KioskError('not_found', t('core:visits.notFound'));
    return row;
  }

  const startVisit: Handler<'startVisit'> = async ({ customer, site, ticket }) => {
    const open = visits.open();
    if (open) throw new KioskError('not_allowed', t('core:visits.stillOpen', { customer: open.customer, site: open.site }));
    const row = visits.start({ customer, site, ticket: ticket ?? null, engineer: ports.preferences.get<unknown>(ENGINEER_KEY, null) });
    if (!row) throw new KioskError('not_allowed', t('core:visits.sameMoment'));
    ports.changed([]);
    return view(row);
  };

  const endVisit: Handler<'endVisit'> = async ({ id }) => {
    const row = mustGet(id);
    const ended = visits.end(id);
    if (!ended) throw new KioskError('not_allowed', t('core:visits.alreadyEnded', { customer: row.customer, site: row.site }));
    ports.changed([]);
    return view(ended);
  };

  const listVisits: Handler<'listVisits'> = async () => {
    const all = visits.list().map(view);
    return { open: all.find((v) => v.endedAt === null) ?? null, visits: all };
  };

  const moveToVisit: Handler<'moveToVisit'> = async ({ ids, visitId }) => {
    const target = visitId === null ? null : mustGet(visitId);
    const result = visits.move(ids, target);
    if (result.moved.length) ports.changed(result.moved);
    return result;
  };

  const exportVisitReport: Handler<'exportVisitReport'> = async ({ id, format }) => {
    const report = buildVisitReport(ports.db, ports.requests, mustGet(id), ports.preferences.get<unknown>(ENGINEER_KEY, null), ports.now());
    const fileName = `${reportBaseName(report.visit)}.${format}`;
    if (ports.deliverTo === 'download') {
      if (format === 'pdf') {
        if (!ports.printPage) throw new KioskError('not_supported', t('core:visits.cannotPrint'));
        return { via: 'print', url: ports.printPage(visitReportHtml(report)) };
      }
      const bytes = Buffer.from(visitReportCsv(report), 'utf8');
      return { via: 'download', file: { id, fileName, mediaType: 'text/csv', contentBase64: bytes.toString('base64') } };
    }
    if (format === 'pdf' && !ports.printPdf) throw new KioskError('not_supported', t('core:visits.noPdf'));
    const bytes = format === 'pdf' ? await ports.printPdf!(visitReportHtml(report)) : Buffer.from(visitReportCsv(report), 'utf8');
    const folder = await ports.chooseFolder?.();
    if (!folder) return { via: 'cancelled' };
    const tag = beginExport(ports.preferences, folder);
    try {
      const written = writeNewFile(folder, fileName, bytes, tag);
      ports.requests.audit(null, 'engineer', 'visit_report', t('core:visits.reportSaved', { tag: visitTag(id), file: written.fileName, folder }));
      return { via: 'folder', folder, fileName: written.fileName };
    } catch (error) {
      throw new KioskError('internal', t('core:visits.writeFailed', { file: fileName, folder, problem: (error as Error).message }));
    } finally {
      endExport(ports.preferences, tag);
    }
  };

  return { startVisit, endVisit, listVisits, moveToVisit, exportVisitReport };
}

/** The engineer as stored at the visit's start; anything unreadable counts as not set. */
function engineerOf(stored: string | null): VisitView['engineer'] {
  if (stored === null) return null;
  const value = JSON.parse(stored) as { name?: unknown; id?: unknown } | null;
  if (!value || typeof value.name !== 'string') return null;
  return { name: value.name, id: typeof value.id === 'string' ? value.id : null };
}

/** "visit-report-acme-plant-2-2026-11-30": file-name safe whatever the customer typed. */
function reportBaseName(visit: Pick<VisitRow, 'customer' | 'site' | 'started_at'>): string {
  const slug = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 40);
  return ['visit-report', slug(visit.customer), slug(visit.site), visit.started_at.slice(0, 10)].filter(Boolean).join('-');
}
