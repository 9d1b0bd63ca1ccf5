// After a connection is saved: if its key refused answers before (a signature that did not verify),
// offer to send those requests again. Safe: the connectors reconcile, no seat is taken twice.
import { useEffect, useState } from 'react';
import { kiosk } from '../kiosk-client.ts';
import { plural } from '../format.ts';
import { reportError } from '../store/ui.ts';

export function KeyRefusalOffer({ connectionId }: { connectionId: string }) {
  const [count, setCount] = useState(0);
  const [retried, setRetried] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    setRetried(null);
    kiosk()
      .keyRefusals({ connectionId, retry: false })
      .then((r) => live && setCount(r.count), reportError);
    return () => {
      live = false;
    };
  }, [connectionId]);
  if (retried !== null) {
    return (
      <p className="note note-good" data-testid="key-refusals-retried">
        Queued {plural(retried, 'request')} again; they go with the next sync.
      </p>
    );
  }
  if (count === 0) return null;
  const retry = async () => {
    setBusy(true);
    try {
      setRetried((await kiosk().keyRefusals({ connectionId, retry: true })).retried);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="note note-warn" data-testid="key-refusals">
      <p className="note-title">
        {plural(count, 'request')} {count === 1 ? 'was' : 'were'} refused because an answer&rsquo;s signature did not verify with this connection&rsquo;s key.
      </p>
      <p className="note-text">If the key you saved is the right one, send them again: the kiosk finds seats already taken instead of taking more.</p>
      <button type="button" className="button button-small" disabled={busy} onClick={() => void retry()}>
        Retry {plural(count, 'request')}
      </button>
    </div>
  );
}
