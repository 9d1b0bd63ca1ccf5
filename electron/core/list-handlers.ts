// The request lists and bulk actions: windows of the queue for the renderer's virtual lists, and one
// action on many requests as a single transaction (an audit entry per request, as the single calls write).
import type { CallOutput, parseInput } from '../../shared/api/contract.ts';
import { KioskError } from '../../shared/api/errors.ts';
import { MAX_LIST_LIMIT, type BulkAction } from '../../shared/api/request-list.ts';
import type { RequestState } from '../../shared/api/states.ts';
import { t } from '../../shared/i18n/index.ts';
import type { ActionRow, RequestStore, Transition } from '../store/request-store.ts';
import { allowedActions, toSummary } from './views.ts';
import { stateLabel } from '../../shared/api/states.ts';

type ListCall = 'listRequests' | 'listRequestIds' | 'bulkRequests';

interface ListDeps {
  requests: RequestStore;
  now: () => Date;
  /** Announces moved requests (and fresh counts) to the renderer. */
  changed: (ids: string[]) => void;
  /** Starts a sync pass for requests queued again. */
  kick: () => void;
}

/** Above this many moved requests, the change event names none ("refresh what you show"), not 100,000 ids. */
const MAX_EVENT_IDS = 1000;

/** Written in the language set when the action runs. */
const transitions = (): Record<BulkAction, Transition> => ({
  retry: { to: 'queued', actor: 'engineer', event: 'retry', detail: t('core:lists.bulkRetried'), nextAttemptAt: null, error: null },
  cancel: { to: 'cancelled', actor: 'engineer', event: 'cancelled', detail: t('core:lists.bulkCancelled'), nextAttemptAt: null },
});

export function listHandlers({ requests, now, changed, kick }: ListDeps): {
  [K in ListCall]: (input: ReturnType<typeof parseInput<K>>) => Promise<CallOutput<K>>;
} {
  /** Whether the single call (retryRequest, cancelRequest) would allow it; history is read only where it matters. */
  function allowed(action: BulkAction, row: ActionRow, at: number): boolean {
    const history = action === 'retry' && row.state === 'fulfilled' ? requests.history(row.id) : [];
    return allowedActions(row, history, at)[action];
  }

  return {
    async listRequests({ sort, offset = 0, limit = MAX_LIST_LIMIT, ...filter }) {
      const at = now();
      return {
        requests: requests.page(filter, sort, offset, limit).map((row) => toSummary(row, at)),
        offset,
        total: requests.count(filter),
        counts: requests.counts(),
      };
    },
    async listRequestIds(filter) {
      return { ids: requests.ids(filter) };
    },
    async bulkRequests({ action, target }) {
      let rows: ActionRow[];
      if ('ids' in target) {
        const unique = [...new Set(target.ids)];
        rows = requests.actionRows({ ids: unique });
        // All or nothing: a selection naming a request that is gone was made on a stale list.
        const missing = unique.length - rows.length;
        if (missing > 0) {
          throw new KioskError(
            'not_found',
            action === 'retry' ? t('core:lists.missingRetry', { count: missing }) : t('core:lists.missingCancel', { count: missing }),
          );
        }
      } else {
        const except = new Set(target.except);
        rows = requests.actionRows({ filter: target.filter }).filter((row) => !except.has(row.id));
      }
      const at = now().getTime();
      const skipped = new Map<RequestState, number>();
      const transition = transitions()[action];
      const moved = requests.transitionMany(rows, (row) => {
        if (allowed(action, row, at)) return transition;
        skipped.set(row.state, (skipped.get(row.state) ?? 0) + 1);
        return null;
      });
      if (moved.length) {
        changed(moved.length > MAX_EVENT_IDS ? [] : moved);
        if (action === 'retry') kick();
      }
      return {
        action,
        done: moved.length,
        skipped: [...skipped].map(([state, count]) => ({ reason: action === 'retry' ? t('core:lists.skippedRetry', { state: stateLabel(state) }) : t('core:lists.skippedCancel', { state: stateLabel(state) }), count })),
      };
    },
  };
}
