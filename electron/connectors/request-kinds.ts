// Which kinds of request a vendor serves. Every vendor serves the machine kinds (activate, refresh,
// deactivate); a licence file for a key alone is a vendor's own offer (its descriptor lists it). A
// request of a kind the connection's vendor does not serve is refused before its connector sees it,
// permanently and with a sentence naming the vendors that do, so a licence-file request can never turn
// into an activation that takes a seat.
import type { RequestKind } from '../../shared/formats/request.ts';
import { t } from '../../shared/i18n/index.ts';
import { failure } from './http.ts';
import type { Connector, ConnectorRequest, Failure } from './types.ts';

export const MACHINE_KINDS: readonly RequestKind[] = ['activate', 'deactivate', 'refresh'];

export function kindRefusal(kind: RequestKind, vendorName: string, servedBy: readonly string[]): Failure {
  const values = { kind: t(`connector:kinds.${kind}`), vendor: vendorName, servedBy: servedBy.join(t('connector:kindRefusal.or')) };
  return failure('kind_not_served', false, servedBy.length > 0 ? t('connector:kindRefusal.elsewhere', values) : t('connector:kindRefusal.nowhere', values));
}

/** The connector, refusing the kinds its vendor does not serve. */
export function servingOnly(connector: Connector, kinds: readonly RequestKind[], refuse: (request: ConnectorRequest) => Failure): Connector {
  return {
    health: () => connector.health(),
    fulfil: (request) => (kinds.includes(request.kind) ? connector.fulfil(request) : Promise.resolve(refuse(request))),
    reconcile: (request) => (kinds.includes(request.kind) ? connector.reconcile(request) : Promise.resolve(refuse(request))),
  };
}
