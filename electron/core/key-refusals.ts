// Requests refused because an answer's signature did not verify with the key in Settings. The
// licensing service may well have taken the seat: the kiosk, not the vendor, refused. So they are
// their own reason ("Check the public key", naming the connection), and once the key is saved again
// they can be sent again safely: the connectors reconcile (an existing seat is found, not taken twice).
import type { RequestDetail } from '../../shared/api/contract.ts';
import { t } from '../../shared/i18n/index.ts';
import type { ConnectionRecord } from '../store/connection-store.ts';
import type { RequestRow, RequestStore } from '../store/request-store.ts';

/** The failure codes the connectors give a signature that does not verify. */
export const SIGNATURE_REFUSALS = ['signature_invalid', 'response_signature_invalid'] as const;

const isKeyRefusal = (row: RequestRow): boolean => row.state === 'rejected' && (SIGNATURE_REFUSALS as readonly string[]).includes(row.last_error_code ?? '');

export function keyProblemOf(row: RequestRow, connections: readonly ConnectionRecord[]): RequestDetail['keyProblem'] {
  if (!isKeyRefusal(row)) return null;
  const connection = connections.find((c) => c.id === row.connection_id);
  return { connectionId: connection?.id ?? null, connectionName: connection?.name ?? null };
}

/** The requests a connection's key refused. */
export function keyRefusedIds(requests: RequestStore, connectionId: string): string[] {
  return requests.refusedIds(connectionId, SIGNATURE_REFUSALS);
}

/** Queues them again, one transaction; returns those that moved. */
export function retryKeyRefused(requests: RequestStore, connectionId: string, connectionName: string): string[] {
  const ids = keyRefusedIds(requests, connectionId);
  return requests.inOneTransaction(() =>
    ids.filter((id) =>
      requests.transition(id, ['rejected'], {
        to: 'queued',
        actor: 'engineer',
        event: 'retry',
        detail: t('core:keys.retriedAfterKey', { name: connectionName }),
        nextAttemptAt: null,
        error: null,
      }),
    ),
  );
}
