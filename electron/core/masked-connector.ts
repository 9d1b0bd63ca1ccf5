// Every sentence a connector returns (failures, notes, health checks, even an exception's text) is
// masked once more before it reaches the audit trail or the screen: the connection's token and the
// request's licence key, in any form a server might have echoed them in. The connectors mask what
// they quote; this is the second lock, for a sentence one of them forgot.
import { maskSecretsIn } from '../secrets/mask.ts';
import type { Connector, ConnectorRequest, Outcome, Reconciled } from '../connectors/types.ts';

/** `secrets()` gives the tokens this connector may know (read at the time a sentence is masked). */
export function maskedConnector(connector: Connector, secrets: () => Promise<Array<string | null | undefined>>): Connector {
  async function mask<T extends Outcome | Reconciled>(request: ConnectorRequest, run: () => Promise<T>): Promise<T> {
    const known = [request.licenseKey, ...(await secrets())];
    let result: T;
    try {
      result = await run();
    } catch (error) {
      // No `cause`: the original error's text is exactly what must not travel on.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(maskSecretsIn((error as Error)?.message ?? String(error), known));
    }
    if (result.ok) return { ...result, note: maskSecretsIn(result.note, known) };
    if ('notApplied' in result) return result;
    return { ...result, message: maskSecretsIn(result.message, known) };
  }
  return {
    async health() {
      const known = await secrets();
      return (await connector.health()).map((check) => ({ ...check, message: maskSecretsIn(check.message, known) }));
    },
    fulfil: (request) => mask(request, () => connector.fulfil(request)),
    reconcile: (request) => mask(request, () => connector.reconcile(request)),
  };
}
