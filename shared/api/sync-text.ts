// The words for "a sync pass ended", shared by the desktop notification and the in-window toast.
import type { EventPayload } from './contract.ts';
import { t } from '../i18n/index.ts';

export function syncFinishedText(summary: EventPayload<'syncFinished'>): { title: string; body: string } {
  const { attempted, fulfilled, failed } = summary;
  const title = failed === 0 ? t('contract:syncFinished.title') : fulfilled === 0 ? t('contract:syncFinished.titleProblems') : t('contract:syncFinished.titleSome');
  const body = failed > 0 ? t('contract:syncFinished.readyFailed', { count: attempted, fulfilled, failed }) : t('contract:syncFinished.readyOnly', { count: attempted, fulfilled });
  return { title, body };
}
