// The words for "a sync pass ended", shared by the desktop notification and the in-window toast.
import type { EventPayload } from './contract.ts';

export function syncFinishedText(summary: EventPayload<'syncFinished'>): { title: string; body: string } {
  const { attempted, fulfilled, failed } = summary;
  const title = failed === 0 ? 'Sync finished' : fulfilled === 0 ? 'Sync finished with problems' : 'Sync finished, some need attention';
  const parts = [`${fulfilled} of ${attempted} ${attempted === 1 ? 'request' : 'requests'} ready to deliver`];
  if (failed > 0) parts.push(`${failed} waiting to retry or refused`);
  return { title, body: `${parts.join('; ')}.` };
}
