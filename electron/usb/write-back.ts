// "Write answers back to the stick": every request read from the stick that has a verified, usable
// response gets its answer beside its request file (same base name, the vendor's extension), then
// manifest.json and README.txt go to the stick's root. Each file is written atomically; whatever did
// not get there is named in one sentence each, and only what is verified on the stick is delivered,
// listed in the manifest and audited.
import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../shared/i18n/index.ts';
import type { RequestStore } from '../store/request-store.ts';
import type { Preferences } from '../store/preferences.ts';
import { beginExport, endExport } from '../deliver/pending-exports.ts';
import { buildAnswerManifest, manifestBytes, sha256Of, type ManifestEntry } from '../delivery/answer-manifest.ts';
import { responseUnusable } from '../core/views.ts';
import { writeAtomic, writeProblem } from './atomic-write.ts';
import { MANIFEST_NAME, README_NAME } from './stick-scan.ts';
import type { StickStore } from './stick-store.ts';
import type { Volume } from './volumes.ts';

export interface WriteBackResult {
  written: { requestId: string; file: string }[];
  /** Answers already on the stick with the same bytes. */
  alreadyThere: number;
  /** Requests from this stick without a verified answer yet (not an error: sync first). */
  waiting: number;
  problems: { file: string; message: string }[];
}

/**
 * "press-1.req" + Keygen's "press-1-…-machine.lic" → "press-1.lic". When the vendor's extension is the
 * request's own (a generic JSON request and its JSON answer), ".response" keeps them apart.
 */
export function answerName(requestFile: string, responseFileName: string): string {
  const ext = path.extname(responseFileName);
  const requestExt = path.extname(requestFile);
  const base = path.basename(requestFile, requestExt);
  return ext.toLowerCase() === requestExt.toLowerCase() ? `${base}.response${ext}` : `${base}${ext}`;
}

interface Deps {
  requests: RequestStore;
  sticks: StickStore;
  preferences: Preferences;
  now: () => Date;
  /** Called after each file with the count done of the total (the UI's progress). */
  progress: (done: number, total: number) => void;
}

export async function writeAnswersBack(volume: Volume, deps: Deps): Promise<WriteBackResult> {
  const { requests, sticks, now } = deps;
  const result: WriteBackResult = { written: [], alreadyThere: 0, waiting: 0, problems: [] };
  const jobs = sticks.requestFiles(volume.path).flatMap(({ path: requestPath, request_id: id }) => {
    const row = requests.get(id);
    const response = row && requests.response(id);
    if (!row || !response || (row.state !== 'fulfilled' && row.state !== 'delivered') || responseUnusable(response, now().getTime())) {
      result.waiting++;
      return [];
    }
    const target = path.join(path.dirname(requestPath), answerName(requestPath, response.file_name));
    const device = row.device_label ?? t('files:writeBack.device', { id: row.device_id.slice(0, 12) });
    return [{ id, requestPath, target, bytes: response.artifact, verifiedAt: response.verified_at, device, deviceId: row.device_id, deviceLabel: row.device_label, undelivered: row.state === 'fulfilled' }];
  });
  if (!fs.existsSync(volume.path)) {
    result.problems.push({ file: volume.label, message: t('files:writeBack.stickGone', { stick: volume.label }) });
    return result;
  }

  const tags = new Map<string, string>();
  const tagFor = (folder: string) => tags.get(folder) ?? (tags.set(folder, beginExport(deps.preferences, folder)), tags.get(folder)!);
  const onStick: ManifestEntry[] = [];
  let manifestWritten = false;
  const total = jobs.length + 2;
  let done = 0;
  let stop: string | null = null;
  try {
    for (const job of jobs) {
      const rel = relative(volume.path, job.target);
      if (stop) result.problems.push({ file: rel, message: t('files:writeBack.notWritten', { file: rel, reason: stop }) });
      else {
        const outcome = writeOne(job.target, job.bytes, job.id, rel, volume.label, tagFor, deps.sticks);
        if (outcome === 'written' || outcome === 'already') {
          onStick.push({ requestId: job.id, deviceId: job.deviceId, deviceLabel: job.deviceLabel, file: rel, sha256: sha256Of(job.bytes), verifiedAt: job.verifiedAt });
          if (outcome === 'written') result.written.push({ requestId: job.id, file: rel });
          else result.alreadyThere++;
          // Exported, not delivered: the stick still has to reach the device (its receipt, or the engineer, says when).
          // An answer found already there (a kiosk stopped after writing it) is recorded all the same.
          if (outcome === 'written' || job.undelivered) {
            requests.markExported([{ id: job.id, detail: t('files:writeBack.exported', { file: rel, request: path.basename(job.requestPath), stick: volume.label, path: volume.path }) }], t('files:writeBack.exportedTo', { stick: volume.label }));
          }
        } else {
          result.problems.push({ file: rel, message: outcome.message });
          // A read-only or vanished stick fails every file the same way: say it once per file, without trying each.
          if (outcome.kind === 'read_only' || outcome.kind === 'gone') stop = outcome.kind === 'read_only' ? t('files:writeBack.stopReadOnly', { stick: volume.label }) : t('files:writeBack.stopRemoved', { stick: volume.label });
        }
      }
      deps.progress(++done, total);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!stop && onStick.length) {
      const manifest = Buffer.from(manifestBytes(buildAnswerManifest(onStick, now())));
      for (const [name, bytes] of [
        [MANIFEST_NAME, manifest],
        [README_NAME, Buffer.from(readme(volume.label, onStick.length, now()), 'utf8')],
      ] as const) {
        const outcome = writeOne(path.join(volume.path, name), bytes, null, name, volume.label, tagFor, deps.sticks);
        if (typeof outcome === 'object') result.problems.push({ file: name, message: outcome.message });
        else if (name === MANIFEST_NAME) manifestWritten = true;
        deps.progress(++done, total);
      }
    }
  } finally {
    for (const tag of tags.values()) endExport(deps.preferences, tag);
  }
  requests.audit(
    null,
    'engineer',
    'stick_written',
    writeBackSummary(volume, result, manifestWritten ? onStick.length : null),
  );
  return result;
}

type Outcome = 'written' | 'already' | { kind: string; message: string };

function writeOne(target: string, bytes: Buffer, requestId: string | null, rel: string, label: string, tagFor: (folder: string) => string, sticks: StickStore): Outcome {
  const digest = sha256Of(bytes);
  let existing: Buffer | null;
  try {
    existing = fs.readFileSync(target);
  } catch {
    existing = null;
  }
  if (existing) {
    const existingDigest = sha256Of(existing);
    if (existingDigest === digest) return 'already';
    // Replace only the kiosk's own earlier answer (a retried request's older one), never a file of someone else's.
    if (sticks.written(target) !== existingDigest) {
      return { kind: 'other', message: t('files:writeBack.foreignFile', { file: rel, stick: label }) };
    }
  }
  try {
    writeAtomic(path.dirname(target), path.basename(target), bytes, tagFor(path.dirname(target)));
  } catch (error) {
    return writeProblem(rel, label, error);
  }
  sticks.recordWrite(target, digest, requestId);
  return 'written';
}

const relative = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/');

function writeBackSummary(volume: { label: string; path: string }, result: { written: unknown[]; alreadyThere: number; problems: { file: string }[]; waiting: number }, manifestCount: number | null): string {
  const values = { stick: volume.label, path: volume.path, written: result.written.length, already: result.alreadyThere, notWritten: result.problems.length, waiting: result.waiting };
  const summary = result.problems.length
    ? t('files:writeBack.summaryWithProblems', { ...values, files: result.problems.map((p) => p.file).join(', ') })
    : t('files:writeBack.summary', values);
  return manifestCount === null ? summary : `${summary} ${t('files:writeBack.summaryManifest', { manifest: MANIFEST_NAME, count: manifestCount })}`;
}

function readme(label: string, count: number, at: Date): string {
  return t('files:readme', { stick: label, at: at.toISOString(), count }).split('\n').join('\r\n');
}
