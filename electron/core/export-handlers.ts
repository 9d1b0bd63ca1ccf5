// The calls for many answers at once: export them as one ZIP or folder with a manifest (with progress
// and cancel), and mark exported ones delivered. Exporting records "exported", never "delivered": a
// file on the laptop or stick has not reached its device; the engineer says so, or the device's receipt.
import type { CallOutput, parseInput } from '../../shared/api/contract.ts';
import { KioskError } from '../../shared/api/errors.ts';
import type { CallName } from '../../shared/api/methods.ts';
import { t } from '../../shared/i18n/index.ts';
import { BundleCancelled, folderBundle, namedAnswers, zipBundle, type BundleRun } from '../delivery/answer-bundle.ts';
import type { BundleAnswer } from '../delivery/answer-bundle.ts';
import type { Preferences } from '../store/preferences.ts';
import type { RequestStore } from '../store/request-store.ts';
import { deliverableAnswer, deviceReceipt } from './views.ts';
import { stateLabel } from '../../shared/api/states.ts';

type Handler<K extends CallName> = (input: ReturnType<typeof parseInput<K>>) => Promise<CallOutput<K>>;

export interface ExportDeps {
  requests: RequestStore;
  preferences: Preferences;
  now: () => Date;
  deliverTo: 'folder' | 'download';
  chooseFolder?: () => Promise<string | null>;
  progress(payload: { exportId: string; done: number; total: number }): void;
  changed(ids: string[]): void;
}

type Problem = { id: string; message: string };

export function exportHandlers(deps: ExportDeps): { exportAnswers: Handler<'exportAnswers'>; cancelExport: Handler<'cancelExport'>; markManyDelivered: Handler<'markManyDelivered'> } {
  const { requests, now } = deps;
  /** Exports running now, by the renderer's id; the flag is what cancelExport sets. */
  const running = new Map<string, { cancelled: boolean }>();

  /** The answers among `ids` that may go to their devices, and a sentence for each that may not. */
  function readyAnswers(ids: readonly string[]): { answers: BundleAnswer[]; problems: Problem[] } {
    const problems: Problem[] = [];
    const answers = [...new Set(ids)].flatMap((id): BundleAnswer[] => {
      const answer = deliverableAnswer(requests, id, now().getTime());
      if ('problem' in answer) {
        problems.push({ id, message: answer.problem });
        return [];
      }
      const { row, response } = answer;
      return [{ requestId: id, deviceId: row.device_id, deviceLabel: row.device_label, fileName: response.file_name, bytes: response.artifact, verifiedAt: response.verified_at }];
    });
    return { answers, problems };
  }

  return {
    async exportAnswers({ exportId, ids }) {
      if (running.has(exportId)) throw new KioskError('not_allowed', t('core:export.running'));
      const ready = readyAnswers(ids);
      const answers = namedAnswers(ready.answers);
      const problems = ready.problems;
      const nothing = { folder: null, zip: null, exported: [], problems };
      if (!answers.length) return { outcome: 'nothing', ...nothing };
      const control = { cancelled: false };
      running.set(exportId, control);
      const run: BundleRun = {
        now: now(),
        cancelled: () => control.cancelled,
        onProgress: (done, total) => deps.progress({ exportId, done, total }),
      };
      try {
        if (deps.deliverTo === 'download') {
          const zip = await zipBundle(answers, run);
          const exported = record(answers, t('core:export.browserDownload'), (a) => t('core:export.exportedInZip', { file: a.fileName, zip: zip.fileName }));
          return { outcome: 'exported', ...nothing, zip: { fileName: zip.fileName, contentBase64: Buffer.from(zip.bytes).toString('base64') }, exported };
        }
        const parent = await deps.chooseFolder?.();
        if (!parent) return { outcome: 'nothing', ...nothing };
        if (control.cancelled) return { outcome: 'cancelled', ...nothing };
        let folder: string;
        try {
          folder = await folderBundle(parent, answers, run, deps.preferences);
        } catch (error) {
          if (error instanceof BundleCancelled) throw error;
          throw new KioskError('internal', t('core:export.answersWriteFailed', { folder: parent, problem: (error as Error).message }));
        }
        const exported = record(answers, folder, (a) => t('core:export.exportedTo', { file: a.fileName, folder }));
        return { outcome: 'exported', ...nothing, folder, exported };
      } catch (error) {
        if (error instanceof BundleCancelled) return { outcome: 'cancelled', ...nothing };
        throw error;
      } finally {
        running.delete(exportId);
      }
    },

    async cancelExport({ exportId }) {
      const control = running.get(exportId);
      if (control) control.cancelled = true;
      return { cancelled: control !== undefined };
    },

    async markManyDelivered({ ids }) {
      const problems: Problem[] = [];
      const entries = [...new Set(ids)].flatMap((id) => {
        const row = requests.get(id);
        const response = row && requests.response(id);
        if (!row || !response || row.state !== 'fulfilled') {
          problems.push({ id, message: row?.state === 'delivered' ? t('core:export.alreadyDelivered') : t('core:export.onlyReady', { state: row ? stateLabel(row.state) : t('core:export.notInQueueState') }) });
          return [];
        }
        if (deviceReceipt(requests.history(id))?.outcome === 'refused') {
          problems.push({ id, message: t('core:export.deviceRefused') });
          return [];
        }
        const how = response.exported_at ? t('core:export.exportedToWhere', { to: response.exported_to ?? t('core:export.aFile') }) : t('core:export.notExported');
        return [{ id, to: 'engineer', detail: t('core:export.markedDelivered', { file: response.file_name, how }) }];
      });
      const delivered = entries.length ? requests.markManyDelivered(entries) : [];
      for (const { id } of entries) if (!delivered.includes(id)) problems.push({ id, message: t('core:export.changedMeanwhile') });
      if (delivered.length) deps.changed(delivered);
      return { delivered, problems };
    },
  };

  /** Records the export of each answer (one transaction) and tells the windows. */
  function record(answers: readonly BundleAnswer[], to: string, detail: (a: BundleAnswer) => string): { id: string; fileName: string }[] {
    const names = new Map(answers.map((a) => [a.requestId, a.fileName]));
    const ids = requests.markExported(answers.map((a) => ({ id: a.requestId, detail: detail(a) })), to);
    if (ids.length) deps.changed(ids);
    return ids.map((id) => ({ id, fileName: names.get(id)! }));
  }
}
