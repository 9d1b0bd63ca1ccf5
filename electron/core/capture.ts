// Turns captured files into queued requests: size limit, form detection, validation, dedupe by
// content hash. Each file gets its own result; one bad file never stops the others.
import { MAX_REQUEST_FILE_BYTES, type CallInput, type CallOutput } from '../../shared/api/contract.ts';
import { sha256Hex } from '../../shared/crypto/hash.ts';
import { parseRequestText, type ParsedRequest } from '../../shared/formats/request.ts';
import { looksLikeReceiptUr } from '../../shared/formats/receipt.ts';
import { t } from '../../shared/i18n/index.ts';
import type { ConnectionRecord } from '../store/connection-store.ts';
import type { RequestStore } from '../store/request-store.ts';
import { brief, refusalOf, type Refusal } from './capture-refusal.ts';
import { captureReceipt } from './receipt-capture.ts';
import { checkRequestKey } from './signed-key-check.ts';
import { deviceText } from './words.ts';

type Result = CallOutput<'capture'>['results'][number];

/** `connections`: a Keygen signed key is verified with the verify key of the connection it is routed to. */
export async function captureFiles(store: RequestStore, input: CallInput<'capture'>, now: Date, connections: readonly ConnectionRecord[] = []): Promise<Result[]> {
  // Check every file first (hashing is async), then queue them all in one transaction: one disk sync
  // for a whole drop instead of one per file, and a crash keeps either all of a call or none of it.
  const checked = await Promise.all(input.items.map((item) => checkOne(item, now, connections)));
  return store.inOneTransaction(() => checked.map((c) => ('result' in c ? c.result : 'receipt' in c ? captureReceipt(store, c.receipt) : queueOne(store, c))));
}

type Item = CallInput<'capture'>['items'][number];
type Checked = { result: Result } | { receipt: Item } | { item: Item; id: string; request: ParsedRequest; expired: boolean; keyNote: { event: string; detail: string } | null };

async function checkOne(item: Item, now: Date, connections: readonly ConnectionRecord[]): Promise<Checked> {
  const refuse = ({ message, detail }: Refusal): Checked => ({ result: { name: item.name, outcome: 'error', requestId: null, message, ...(detail ? { detail } : {}) } });
  const bytes = Math.max(item.size, Buffer.byteLength(item.text, 'utf8'));
  if (bytes > MAX_REQUEST_FILE_BYTES) {
    return refuse({ message: t('core:capture.tooLarge', { size: formatSize(item.size) }) });
  }
  // A receipt is verified against the queue inside the transaction, never queued.
  if (looksLikeReceiptUr(item.text)) return { receipt: item };
  const parsed = parseRequestText(item.text);
  if (!parsed.ok) return refuse(refusalOf(parsed.problem, parsed.refusal));
  // A form that names no device (a bare Cryptlex file, a Keygen QR) borrows the file's name, which is
  // usually how the engineer labelled the USB stick's contents; export file names then match it.
  const kind = item.source ?? 'file';
  const request = { ...parsed.request, deviceLabel: parsed.request.deviceLabel ?? (kind === 'file' ? labelFromFileName(item.name) : null) };
  // A Keygen signed key is verified here, in main, before anything is queued.
  const source = kind === 'file' ? t('core:capture.source.file', { name: item.name }) : t(`core:capture.source.${kind}`);
  const row = { format: request.format, vendor_hint: request.vendorHint ?? null, device_details: JSON.stringify(request.deviceDetails), chosen_connection_id: null };
  const key = checkRequestKey(row, request.licenseKey, connections, source);
  if (key?.status === 'invalid') return refuse(brief(t('core:capture.notQueued', { problem: key.message })));
  const keyNote = key ? { event: key.status === 'verified' ? 'key_verified' : 'key_unchecked', detail: key.message } : null;
  const id = await sha256Hex(request.canonical);
  const expired = request.expiresAt !== null && Date.parse(request.expiresAt) <= now.getTime();
  return { item, id, request, expired, keyNote };
}

function queueOne(store: RequestStore, { item, id, request, expired, keyNote }: Extract<Checked, { id: string }>): Result {
  const outcome = store.insert(id, request, { kind: item.source ?? 'file', name: item.name, raw: item.text }, expired ? 'expired' : 'queued');
  if (outcome === 'duplicate') {
    return { name: item.name, outcome, requestId: id, message: t('core:capture.duplicate') };
  }
  if (keyNote) store.audit(id, 'system', keyNote.event, keyNote.detail);
  const device = deviceText(request.deviceLabel, request.deviceId);
  const format = request.formatLabel;
  return {
    name: item.name,
    outcome,
    requestId: id,
    message: expired
      ? t('core:capture.expired', { at: request.expiresAt })
      : request.needsLicenseKey
        ? t('core:capture.queuedNeedsKey', { format, device })
        : keyNote
          ? t('core:capture.queuedWithNote', { format, device, note: keyNote.detail })
          : t('core:capture.queued', { format, device }),
  };
}

function labelFromFileName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const label = base.replace(/\.[A-Za-z0-9]{1,8}$/, '').trim().slice(0, 60);
  return label || null;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? t('common:bytes.mib', { value: (bytes / (1024 * 1024)).toFixed(1) }) : t('common:bytes.kib', { value: Math.ceil(bytes / 1024) });
}
