// The Audit screen's calls, the engineer's identity, and the trail's chain check (at start and at
// each export). Main decides: the chain's state, what an export holds, and the signing key.
import type { AuditChainView, Engineer } from '../../shared/api/audit.ts';
import type { CallOutput, parseInput } from '../../shared/api/contract.ts';
import { KioskError } from '../../shared/api/errors.ts';
import type { ChainReport } from '../../shared/audit/chain.ts';
import { signBundle, verifyBundleText } from '../../shared/audit/bundle.ts';
import { verifyChain } from '../../shared/audit/chain.ts';
import { t } from '../../shared/i18n/index.ts';
import { AuditQuery } from '../audit/audit-query.ts';
import { auditCsv } from '../audit/csv.ts';
import { loadOrCreateSigningKey, type SigningKey } from '../audit/signing-key.ts';
import { beginExport, endExport } from '../deliver/pending-exports.ts';
import { writeNewFile } from '../deliver/write-file.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { chainedEntries, nodeSha256, verifyStoredChain } from '../store/audit-chain.ts';
import type { Db } from '../store/database.ts';
import type { Preferences } from '../store/preferences.ts';
import type { RequestStore } from '../store/request-store.ts';

export const ENGINEER_PREFERENCE = 'engineer';

export interface AuditDeps {
  db: Db;
  requests: RequestStore;
  preferences: Preferences;
  secrets: SecretStore;
  now: () => Date;
  deliverTo: 'folder' | 'download';
  chooseFolder?: () => Promise<string | null>;
  log: (message: string) => void;
  /** The chain's state changed (the status bar shows it). */
  onChainChanged: () => void;
}

type AuditCall = 'getEngineer' | 'setEngineer' | 'listAudit' | 'getAuditFacets' | 'exportAudit' | 'getAuditKey';
type Handlers = { [K in AuditCall]: (input: ReturnType<typeof parseInput<K>>) => Promise<CallOutput<K>> };

function chainView(report: ChainReport, checkedAt: string): AuditChainView {
  return { state: report.broken ? 'broken' : 'ok', entries: report.entries, checkedAt, brokenSeq: report.broken?.seq ?? null, message: report.broken?.message ?? null };
}

export function auditHandlers(deps: AuditDeps) {
  const query = new AuditQuery(deps.db);
  let chain: AuditChainView = { state: 'checking', entries: 0, checkedAt: null, brokenSeq: null, message: null };
  const record = (report: ChainReport): void => {
    chain = chainView(report, deps.now().toISOString());
    if (report.broken) deps.log(`audit trail: ${report.broken.message}`);
    deps.onChainChanged();
  };
  // At start, a page at a time: the window opens while it runs; a break shows in the status bar, it does not stop the kiosk.
  const started = verifyStoredChain(deps.db).then(record, (error: unknown) => {
    if (deps.db.open) deps.log(`audit chain check failed: ${String(error)}`); // ui-text-ok: a log line
  });
  // Made at install (first start); an export waits for it.
  const signingKey: Promise<SigningKey> = loadOrCreateSigningKey(deps.secrets);
  signingKey.catch((error: unknown) => deps.log(`audit signing key: ${(error as Error).message}`)); // ui-text-ok: a log line

  async function key(): Promise<SigningKey> {
    try {
      return await signingKey;
    } catch (error) {
      throw new KioskError('internal', t('core:audit.signingKeyUnreadable', { problem: (error as Error).message }));
    }
  }

  const engineerNow = (): Engineer | null => deps.preferences.get<Engineer | null>(ENGINEER_PREFERENCE, null);

  /** Delivers an export as main's transport wants it: a file in a chosen folder, or a browser download. */
  async function hand(fileName: string, mediaType: string, text: string, to: 'folder' | 'download') {
    if (to !== deps.deliverTo) throw new KioskError('not_supported', to === 'folder' ? t('core:audit.fileDownloaded') : t('core:export.folderHere'));
    const bytes = Buffer.from(text, 'utf8');
    if (to === 'download') return { folder: null, fileName, file: { fileName, mediaType, contentBase64: bytes.toString('base64') } };
    const folder = await deps.chooseFolder?.();
    if (!folder) return { folder: null, fileName: null, file: null };
    const tag = beginExport(deps.preferences, folder);
    try {
      return { folder, fileName: writeNewFile(folder, fileName, bytes, tag).fileName, file: null };
    } catch (error) {
      throw new KioskError('internal', t('core:audit.writeFailed', { file: fileName, folder, problem: (error as Error).message }));
    } finally {
      endExport(deps.preferences, tag);
    }
  }

  const handlers: Handlers = {
    async getEngineer() {
      return { engineer: engineerNow() };
    },
    async setEngineer(input) {
      const before = engineerNow();
      if (before?.name === input.name && before.id === input.id) return { engineer: input };
      deps.requests.inOneTransaction(() => {
        deps.preferences.set(ENGINEER_PREFERENCE, input);
        const who = input.id ? `${input.name} (${input.id})` : input.name;
        deps.requests.audit(null, 'engineer', before ? 'engineer_changed' : 'engineer_named', before ? t('core:audit.engineerChanged', { who, was: before.name }) : t('core:audit.engineerNamed', { who }));
      });
      return { engineer: input };
    },
    async listAudit({ filter, offset, limit }) {
      return { ...query.page(filter, offset, limit), chain };
    },
    async getAuditFacets() {
      return query.facets();
    },
    async exportAudit({ format, filter, to }) {
      const stamp = deps.now().toISOString();
      const day = stamp.slice(0, 10);
      const entries = chainedEntries(deps.db);
      const report = verifyChain(entries, nodeSha256);
      record(report);
      if (format === 'csv') {
        const csv = auditCsv(query.all(filter));
        const handed = await hand(`audit-${day}.csv`, 'text/csv', csv.text, to);
        if (handed.fileName) deps.requests.audit(null, 'engineer', 'audit_exported', t('core:audit.csvExported', { count: csv.count, file: handed.fileName }));
        return { entries: csv.count, ...handed, chain };
      }
      if (report.broken) {
        throw new KioskError('not_allowed', t('core:audit.chainBroken', { seq: report.broken.seq, problem: report.broken.message }));
      }
      const signed = signBundle(entries, (await key()).secretKey, stamp);
      const text = `${JSON.stringify(signed, null, 1)}\n`;
      // What leaves must pass the same check a customer runs.
      const check = verifyBundleText(text, { sha256: nodeSha256 });
      if (check.code !== 0) throw new KioskError('internal', t('core:audit.bundleCheckFailed', { problem: check.message }));
      const handed = await hand(`audit-bundle-${day}.json`, 'application/json', text, to);
      if (handed.fileName) deps.requests.audit(null, 'engineer', 'audit_exported', t('core:audit.bundleExported', { count: entries.length, file: handed.fileName }));
      return { entries: entries.length, ...handed, chain };
    },
    async getAuditKey() {
      const { publicKeyHex, fingerprint } = await key();
      return { publicKeyHex, fingerprint };
    },
  };

  /** Resolves once the start-up work (chain check, key made and stored) is over, so closing never cuts a write short. */
  const settled = async (): Promise<void> => void (await Promise.allSettled([started, signingKey]));

  return { handlers, chain: () => chain, settled };
}
