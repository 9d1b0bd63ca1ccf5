// What a selection in the Queue or Deliver can do besides retry and cancel: move to a visit, return
// the seats of dead or replaced devices (confirmed twice), mark answers delivered. Each is one call to
// main, which acts in one transaction and says what it left as it was.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { MAX_EXPORT_ANSWERS } from '../../../shared/api/contract.ts';
import { plural } from '../format.ts';
import { kiosk } from '../kiosk-client.ts';
import { SeatReturnConfirm } from '../seats/SeatReturnConfirm.tsx';
import { notify, reportError } from '../store/ui.ts';
import { useVisits, visitName } from '../visits/visits-store.ts';
import { selectedCount, selectedIdsOf, type ListStore } from './request-list.ts';

/** Most requests one move or seat-return call takes (main's limits). */
const MAX_MOVE = 5000;
const MAX_SEAT_RETURNS = 1000;

type Open = 'move' | 'seats' | 'delivered' | null;

function tooMany(count: number, limit: number, what: string): boolean {
  if (count <= limit) return false;
  reportError(new Error(`At most ${limit.toLocaleString()} requests can ${what} at once; ${count.toLocaleString()} are selected. Narrow the selection (a filter or a search).`));
  return true;
}

/** A modal dialog in the app (Esc or Cancel closes it). */
function ActionDialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="help-sheet selection-dialog" aria-label={title} onClose={onClose} data-testid="selection-dialog">
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}

export function QueueSelectionActions({ list }: { list: ListStore }) {
  const count = list((s) => selectedCount(s));
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const done = () => {
    close();
    list.getState().selectAll(false);
    void list.getState().refresh();
  };
  return (
    <>
      <button type="button" className="button button-small" disabled={count === 0} onClick={() => setOpen('move')}>
        Move to visit…
      </button>
      <button type="button" className="button button-small" disabled={count === 0} onClick={() => !tooMany(count, MAX_SEAT_RETURNS, 'return their seats') && setOpen('seats')}>
        Return seats…
      </button>
      {open === 'move' ? <MoveDialog list={list} count={count} onClose={close} onDone={done} /> : null}
      {open === 'seats' ? (
        <ActionDialog title="Return the seats of the selected devices" onClose={close}>
          <SeatReturnConfirm
            device={plural(count, 'device')}
            licence={null}
            send={async (reason) => {
              const requestIds = await selectedIdsOf(list);
              const { results } = await kiosk().returnSeats({ requestIds, reason });
              const queued = results.filter((r) => r.outcome === 'queued' || r.outcome === 'duplicate').length;
              const refused = results.filter((r) => r.outcome === 'error');
              const message = `${plural(queued, 'seat return')} queued${refused.length ? `; ${refused.length} not: ${refused[0]!.message}` : '.'}`;
              return { name: 'selection', outcome: queued ? 'queued' : 'error', requestId: null, message };
            }}
            onClose={(result) => {
              if (result) {
                notify(result.message);
                done();
              } else close();
            }}
          />
        </ActionDialog>
      ) : null}
    </>
  );
}

function MoveDialog({ list, count, onClose, onDone }: { list: ListStore; count: number; onClose: () => void; onDone: () => void }) {
  const visits = useVisits((s) => s.visits);
  const openVisit = useVisits((s) => s.open);
  const [target, setTarget] = useState<string>(openVisit?.id ?? visits[0]?.id ?? 'none');
  const [busy, setBusy] = useState(false);
  const move = async () => {
    setBusy(true);
    try {
      const ids = await selectedIdsOf(list);
      if (tooMany(ids.length, MAX_MOVE, 'move')) return;
      await useVisits.getState().move(ids, target === 'none' ? null : target);
      onDone();
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ActionDialog title={`Move ${plural(count, 'request')} to a visit`} onClose={onClose}>
      <div className="field">
        <label htmlFor="move-visit-target">Visit</label>
        <select id="move-visit-target" value={target} onChange={(event) => setTarget(event.currentTarget.value)} autoFocus>
          {visits.map((visit) => (
            <option key={visit.id} value={visit.id}>
              {visitName(visit)}
              {visit.ticket ? ` (${visit.ticket})` : ''}
              {visit.endedAt ? '' : ' — open'}
            </option>
          ))}
          <option value="none">No visit</option>
        </select>
      </div>
      <div className="button-row">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void move()}>
          Move {plural(count, 'request')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </ActionDialog>
  );
}

export function DeliverSelectionActions({ list }: { list: ListStore }) {
  const count = list((s) => selectedCount(s));
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const mark = async () => {
    setBusy(true);
    try {
      const ids = await selectedIdsOf(list);
      if (tooMany(ids.length, MAX_EXPORT_ANSWERS, 'be marked delivered')) return;
      const { delivered, problems } = await kiosk().markManyDelivered({ ids });
      notify(`${plural(delivered.length, 'answer')} marked delivered${problems.length ? `; ${problems.length} not: ${problems[0]!.message}` : '.'}`);
      setOpen(false);
      list.getState().selectAll(false);
      void list.getState().refresh();
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button button-small" disabled={count === 0} onClick={() => setOpen(true)}>
        Mark selected delivered…
      </button>
      {open ? (
        <ActionDialog title={`Mark ${plural(count, 'answer')} delivered`} onClose={() => setOpen(false)}>
          <p>Only when each device has applied its answer: a delivered answer leaves this list, and the visit report counts it as delivered.</p>
          <div className="button-row">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void mark()} autoFocus>
              Mark {plural(count, 'answer')} delivered
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </ActionDialog>
      ) : null}
    </>
  );
}
