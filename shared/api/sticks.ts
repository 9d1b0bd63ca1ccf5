// Contract shapes for USB sticks and watched folders (joined into contract.ts's calls and events).
import { t } from '../i18n/index.ts';
import { z } from 'zod';

export const MAX_WATCHED_FOLDERS = 20;

const stickPath = z.string().min(1, { error: () => t('contract:stick.path') }).max(1000);

export const stickView = z.object({
  path: z.string(),
  /** The volume folder's name ("KINGSTON") or the watched folder's name. */
  label: z.string(),
  kind: z.enum(['removable', 'watched']),
  /** Request files (and device receipts) on it that the kiosk has not read yet. */
  newRequests: z.number().int(),
  newReceipts: z.number().int(),
  /** Request files read from it before. */
  imported: z.number().int(),
  /** Of those, requests whose verified answer can be written back now. */
  answersReady: z.number().int(),
  /** One sentence per new file on it that is not a request the kiosk can read. */
  problems: z.array(z.string()),
  /** Long work going on for this stick now. */
  busy: z.object({ action: z.enum(['import', 'write']), done: z.number().int(), total: z.number().int() }).nullable(),
  /** What the kiosk last imported from it by itself (auto-import), for the engineer to see. */
  autoImported: z.object({ at: z.string(), queued: z.number().int(), duplicates: z.number().int(), failed: z.array(z.string()) }).nullable(),
});

export const stickSettings = z.object({
  watchedFolders: z.array(z.string()),
  /** Import new request files from a stick as soon as it appears, without asking. */
  autoImport: z.boolean(),
  /** Where this kiosk looks for removable media (shown, not edited). */
  mountRoots: z.array(z.string()),
});

const stickList = z.object({ sticks: z.array(stickView) });

export const stickCalls = {
  listSticks: { input: z.object({}), output: stickList },
  importFromStick: {
    input: z.object({ path: stickPath }),
    output: z.object({
      label: z.string(),
      queued: z.number().int(),
      duplicates: z.number().int(),
      /** One per file: its path on the stick and what became of it. */
      results: z.array(z.object({ file: z.string(), outcome: z.enum(['queued', 'duplicate', 'error', 'confirmed', 'device_refused']), message: z.string() })),
    }),
  },
  writeAnswersToStick: {
    input: z.object({ path: stickPath }),
    output: z.object({
      label: z.string(),
      written: z.array(z.object({ requestId: z.string(), file: z.string() })),
      alreadyThere: z.number().int(),
      waiting: z.number().int(),
      problems: z.array(z.object({ file: z.string(), message: z.string() })),
    }),
  },
  getStickSettings: { input: z.object({}), output: stickSettings },
  setStickSettings: {
    input: z.object({
      watchedFolders: z.array(z.string().trim().min(1, { error: () => t('contract:stick.folder') }).max(1000)).max(MAX_WATCHED_FOLDERS, { error: () => t('contract:atMost.watchedFolders', { max: MAX_WATCHED_FOLDERS }) }).optional(),
      autoImport: z.boolean().optional(),
    }),
    output: stickSettings,
  },
};

export const stickEvents = {
  /** A stick appeared, went, changed or made progress. */
  sticksChanged: stickList,
};

export type StickView = z.output<typeof stickView>;
export type StickSettings = z.output<typeof stickSettings>;
