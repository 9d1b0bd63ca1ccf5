// What a verified seed-004 licence record must say before anyone acts on it. A signature only proves
// the vendor wrote it; these checks prove it answers the question asked: this licence, this machine,
// and (for an activation or a validation) valid, active and not expired, or (for a deactivation) that
// the machine no longer holds an activation. The connector and the device kit share them, so the
// kiosk never stores a record the device would refuse.
import { t } from '../i18n/index.ts';
import type { Json } from '../crypto/canonical-json.ts';

export interface RecordAsk {
  /** The licence key the request names; a device request may carry none. */
  licenseKey?: string;
  machineId: string;
}

export type RecordProblemCode = 'response_mismatch' | 'license_invalid' | 'license_suspended' | 'license_not_active' | 'license_expired' | 'bad_response' | 'not_released';

export interface RecordProblem {
  code: RecordProblemCode;
  /** A lower-case phrase ("it says the licence is suspended"); never holds the licence key. */
  reason: string;
}

type Data = { [key: string]: Json };

/** ISO 8601 date or date-time, as licence servers print them; Date.parse alone takes far looser text. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** An activation or validation record: bound to the ask, valid, active, not expired (with `skewMs` of grace for clocks). */
export function checkActiveRecord(data: Data, ask: RecordAsk, nowMs: number, skewMs: number): { problems: RecordProblem[]; expiresAt: string | null } {
  const problems = checkBinding(data, ask);
  const { valid, status } = data;
  if (valid === false) problems.push({ code: 'license_invalid', reason: t('formats:record.invalid') });
  else if (valid !== undefined && valid !== true) problems.push({ code: 'bad_response', reason: t('formats:record.validMember') });
  if (status !== undefined && status !== 'active') {
    problems.push(
      status === 'suspended'
        ? { code: 'license_suspended', reason: t('formats:record.suspended') }
        : { code: 'license_not_active', reason: t('formats:record.status', { status: shown(status) }) },
    );
  }
  if (valid !== true && status !== 'active' && problems.length === 0) {
    problems.push({ code: 'license_invalid', reason: t('formats:record.notValid') });
  }
  let expiresAt: string | null = null;
  const expiry = data.expires_at;
  if (expiry !== undefined && expiry !== null) {
    const at = typeof expiry === 'string' && ISO_TIME.test(expiry) ? Date.parse(expiry) : Number.NaN;
    if (Number.isNaN(at)) problems.push({ code: 'bad_response', reason: t('formats:record.expiresNoDate', { value: shown(expiry) }) });
    else {
      expiresAt = new Date(at).toISOString();
      if (at + skewMs <= nowMs) problems.push({ code: 'license_expired', reason: t('formats:record.expired', { at: expiresAt }) });
    }
  }
  return { problems, expiresAt };
}

/**
 * A signed statement that the machine no longer holds an activation: a deactivation receipt
 * (`deactivated_at`) or a validation that says `"activated": false`. A record that also says the
 * machine is valid or activated proves nothing (an old activation record replayed, say). With
 * `notBeforeMs`, the statement must also be dated (`deactivated_at`, or a validation's `checked_at`)
 * no earlier than that: the genuine release of an earlier activation of this machine, replayed, would
 * otherwise pass for this one.
 */
export function checkReleaseRecord(data: Data, ask: RecordAsk, notBeforeMs?: number): RecordProblem[] {
  const problems = checkBinding(data, ask);
  const stamped = timeOf(data.deactivated_at);
  const says = (stamped !== null || data.activated === false) && data.valid !== true && data.activated !== true;
  if (!says) problems.push({ code: 'not_released', reason: t('formats:record.notReleased') });
  else if (notBeforeMs !== undefined) {
    const at = stamped ?? timeOf(data.checked_at);
    if (at === null) problems.push({ code: 'not_released', reason: t('formats:record.undated') });
    else if (at < notBeforeMs) problems.push({ code: 'not_released', reason: t('formats:record.dated', { at: new Date(at).toISOString() }) });
  }
  return problems;
}

/** Milliseconds of an ISO 8601 time, or null. */
function timeOf(value: Json | undefined): number | null {
  const at = typeof value === 'string' && ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? null : at;
}

function checkBinding(data: Data, ask: RecordAsk): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const key = data.license_key;
  if (typeof key !== 'string') problems.push({ code: 'response_mismatch', reason: t('formats:record.noKey') });
  else if (ask.licenseKey !== undefined && asciiUpper(key) !== asciiUpper(ask.licenseKey)) {
    problems.push({ code: 'response_mismatch', reason: t('formats:record.otherKey') });
  }
  const machine = data.machine_id;
  if (typeof machine !== 'string') problems.push({ code: 'response_mismatch', reason: t('formats:record.noMachine') });
  else if (asciiUpper(machine) !== asciiUpper(ask.machineId)) {
    problems.push({ code: 'response_mismatch', reason: t('formats:record.otherMachine', { machine: shown(machine.slice(0, 12)), requested: ask.machineId.slice(0, 12).toLowerCase() }) });
  }
  return problems;
}

/**
 * Case folding of ASCII letters only: String#toUpperCase maps "ı" and "ſ" to "I" and "S", so a
 * record for the licence "actıv-…" would pass for "ACTIV-…".
 */
const asciiUpper = (text: string): string => text.replace(/[a-z]+/g, (run) => run.toUpperCase());

/** A server's value in a sentence: one line, quoted, at most 40 characters. */
function shown(value: Json): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // eslint-disable-next-line no-control-regex -- a server's text must not break the line
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return JSON.stringify(line.length > 40 ? `${line.slice(0, 39)}…` : line);
}
