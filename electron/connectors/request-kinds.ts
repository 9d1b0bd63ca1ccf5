// Which kinds of request a vendor serves. Every vendor serves the machine kinds (activate, refresh,
// deactivate); a licence file for a key alone is a vendor's own offer (its descriptor lists it). A
// request of a kind the connection's vendor does not serve is refused before its connector sees it,
// permanently and with a sentence naming the vendors that do, so a licence-file request can never turn
// into an activation that takes a seat.
import type { RequestKind } from '../../shared/formats/request.ts';
import { failure } from './http.ts';
import type { Connector, ConnectorRequest, Failure } from './types.ts';

export const MACHINE_KINDS: readonly RequestKind[] = ['activate', 'deactivate', 'refresh'];

const KIND_NAMES: Record<RequestKind, string> = {
  activate: 'an activation',
  deactivate: 'a deactivation',
  refresh: 'a refresh',
  'license-file': 'a licence file for its key',
};

export function kindRefusal(kind: RequestKind, vendorName: string, servedBy: readonly string[]): Failure {
  const elsewhere = servedBy.length > 0 ? `choose a ${servedBy.join(' or ')} connection for it in the Queue` : 'no connection type of this kiosk serves it';
  return failure('kind_not_served', false, `This request asks for ${KIND_NAMES[kind]}, which ${vendorName} connections do not issue; nothing was sent: ${elsewhere}.`);
}

/** The connector, refusing the kinds its vendor does not serve. */
export function servingOnly(connector: Connector, kinds: readonly RequestKind[], refuse: (request: ConnectorRequest) => Failure): Connector {
  return {
    health: () => connector.health(),
    fulfil: (request) => (kinds.includes(request.kind) ? connector.fulfil(request) : Promise.resolve(refuse(request))),
    reconcile: (request) => (kinds.includes(request.kind) ? connector.reconcile(request) : Promise.resolve(refuse(request))),
  };
}
