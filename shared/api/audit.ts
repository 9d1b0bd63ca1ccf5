// The contract's audit and engineer-identity shapes (joined into contract.ts's `calls`).
import { t } from '../i18n/index.ts';
import { z } from 'zod';
import { ACTORS } from '../audit/chain.ts';

/** No control characters: a name ends up in CSV files, the audit trail and reports. */
const hasNoControls = (v: string): boolean => !/\p{Cc}/u.test(v);

/** The engineer using this kiosk, as Preferences keeps it under 'engineer'. */
export const engineer = z.object({
  name: z.string().trim().min(1, { error: () => t('contract:engineer.nameEmpty') }).max(80, { error: () => t('contract:engineer.nameLong') }).refine(hasNoControls, { error: () => t('contract:engineer.nameControl') }),
  id: z
    .string()
    .trim()
    .max(40, { error: () => t('contract:engineer.idLong') })
    .refine(hasNoControls, { error: () => t('contract:engineer.idControl') })
    .nullable()
    .transform((v) => (v ? v : null)),
});
export type Engineer = z.output<typeof engineer>;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: () => t('contract:isoDay') });

/** The Audit screen's filters; every one is optional and they combine with AND. */
export const auditFilter = z.object({
  /** Matches the device label or id of the entry's request (part of either). */
  device: z.string().trim().max(200).optional(),
  actor: z.enum(ACTORS).optional(),
  /** The engineer's name as recorded (with actor 'engineer'). */
  engineer: z.string().max(80).optional(),
  event: z.string().max(60).optional(),
  /** Days in UTC, both included. */
  from: isoDay.optional(),
  to: isoDay.optional(),
  requestId: z.string().regex(/^[0-9a-f]{64}$/, { error: () => t('contract:ids.request') }).optional(),
  /** The visit's entries: those of the requests it holds, and its own start and end (as its report's digest counts them). */
  visitId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: () => t('contract:ids.visit') }).optional(),
});
export type AuditFilter = z.output<typeof auditFilter>;

export const auditEntryView = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  actorName: z.string().nullable(),
  actorId: z.string().nullable(),
  event: z.string(),
  detail: z.string(),
  requestId: z.string().nullable(),
  /** The label (or id) of the request's device, when the entry is about a request still in the queue. */
  device: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditEntryView = z.output<typeof auditEntryView>;

/** The chain as last checked (at start, and at each export). */
export const auditChainView = z.object({
  state: z.enum(['checking', 'ok', 'broken']),
  entries: z.number().int(),
  checkedAt: z.string().nullable(),
  /** The first entry that does not match, and what is wrong, when broken. */
  brokenSeq: z.number().int().nullable(),
  message: z.string().nullable(),
});
export type AuditChainView = z.output<typeof auditChainView>;

export const MAX_AUDIT_PAGE = 500;

export const auditCalls = {
  getEngineer: { input: z.object({}), output: z.object({ engineer: engineer.nullable() }) },
  setEngineer: { input: engineer, output: z.object({ engineer }) },
  /** One window of the trail, newest first, with the total the filter matches. */
  listAudit: {
    input: z.object({ filter: auditFilter.default({}), offset: z.number().int().nonnegative(), limit: z.number().int().min(1).max(MAX_AUDIT_PAGE) }),
    output: z.object({ entries: z.array(auditEntryView), total: z.number().int(), chain: auditChainView }),
  },
  /** The values the filters offer: events and engineers that occur in the trail. */
  getAuditFacets: {
    input: z.object({}),
    output: z.object({ events: z.array(z.string()), engineers: z.array(z.string()) }),
  },
  /** CSV of the filtered entries, or the signed bundle of the whole trail (refused while the chain is broken). */
  exportAudit: {
    input: z.object({ format: z.enum(['csv', 'bundle']), filter: auditFilter.default({}), to: z.enum(['folder', 'download']) }),
    output: z.object({
      entries: z.number().int(),
      fileName: z.string().nullable(),
      /** Electron: the folder it was written to (null when the engineer cancelled). */
      folder: z.string().nullable(),
      /** The web host: the file for the browser to download. */
      file: z.object({ fileName: z.string(), mediaType: z.string(), contentBase64: z.string() }).nullable(),
      chain: auditChainView,
    }),
  },
  /** The kiosk's audit signing key (made at first start): what a customer checks a bundle against. */
  getAuditKey: { input: z.object({}), output: z.object({ publicKeyHex: z.string(), fingerprint: z.string() }) },
};
