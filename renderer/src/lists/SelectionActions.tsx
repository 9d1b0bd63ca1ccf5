// What a selection in the Queue or Deliver can do besides retry and cancel: move to a visit, return
// the seats of dead or replaced devices (confirmed twice), mark answers delivered. Each is one call to
// main, which acts in one transaction and says what it left as it was.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_EXPORT_ANSWERS, type VisitView } from '../../../shared/api/contract.ts';
import { t } from '../../../shared/i18n/index.ts';
import { kiosk } from '../kiosk-client.ts';
import { SeatReturnConfirm } from '../seats/SeatReturnConfirm.tsx';
import { notify, reportError } from '../store/ui.ts';
import { useVisits, visitName } from '../visits/visits-store.ts';
import { selectedCount, selectedIdsOf, type ListStore } from './request-list.ts';

/** Most requests one move or seat-return call takes (main's limits). */
const MAX_MOVE = 5000;
const MAX_SEAT_RETURNS = 1000;

type Open = 'move' | 'seats' | 'delivered' | null;

const TOO_MANY = { seats: 'lists:selection.tooManySeats', move: 'lists:selection.tooManyMove', mark: 'lists:selection.tooManyMark' } as const;

function tooMany(count: number, limit: number, what: keyof typeof TOO_MANY): boolean {
  if (count <= limit) return false;
  reportError(new Error(t(TOO_MANY[what], { count, limit })));
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
  const { t } = useTranslation(['lists', 'common']);
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
        {t('selection.moveToVisit')}
      </button>
      <button type="button" className="button button-small" disabled={count === 0} onClick={() => !tooMany(count, MAX_SEAT_RETURNS, 'seats') && setOpen('seats')}>
        {t('selection.returnSeats')}
      </button>
      {open === 'move' ? <MoveDialog list={list} count={count} onClose={close} onDone={done} /> : null}
      {open === 'seats' ? (
        <ActionDialog title={t('selection.returnSeatsTitle')} onClose={close}>
          <SeatReturnConfirm
            device={t('selection.devices', { count })}
            licence={null}
            send={async (reason) => {
              const requestIds = await selectedIdsOf(list);
              const { results } = await kiosk().returnSeats({ requestIds, reason });
              const queued = results.filter((r) => r.outcome === 'queued' || r.outcome === 'duplicate').length;
              const refused = results.filter((r) => r.outcome === 'error');
              const message = refused.length
                ? t('selection.seatReturnsPartly', { count: queued, refused: refused.length, message: refused[0]!.message })
                : t('selection.seatReturnsQueued', { count: queued });
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
  const { t } = useTranslation(['lists', 'common']);
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
    <ActionDialog title={t('selection.moveTitle', { count })} onClose={onClose}>
      <div className="field">
        <label htmlFor="move-visit-target">{t('selection.visit')}</label>
        <select id="move-visit-target" value={target} onChange={(event) => setTarget(event.currentTarget.value)} autoFocus>
          {visits.map((visit) => (
            <option key={visit.id} value={visit.id}>
              {visitOption(visit)}
            </option>
          ))}
          <option value="none">{t('selection.noVisit')}</option>
        </select>
      </div>
      <div className="button-row">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void move()}>
          {t('selection.move', { count })}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('common:cancel')}
        </button>
      </div>
    </ActionDialog>
  );
}

/** "Line 4 (T-123) — open": a visit as the move dialog lists it. */
function visitOption(visit: VisitView): string {
  const name = visit.ticket ? t('lists:selection.visitWithTicket', { name: visitName(visit), ticket: visit.ticket }) : visitName(visit);
  return visit.endedAt ? name : t('lists:selection.visitOpen', { name });
}

export function DeliverSelectionActions({ list }: { list: ListStore }) {
  const { t } = useTranslation(['lists', 'common']);
  const count = list((s) => selectedCount(s));
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const mark = async () => {
    setBusy(true);
    try {
      const ids = await selectedIdsOf(list);
      if (tooMany(ids.length, MAX_EXPORT_ANSWERS, 'mark')) return;
      const { delivered, problems } = await kiosk().markManyDelivered({ ids });
      notify(
        problems.length
          ? t('selection.markedPartly', { count: delivered.length, problems: problems.length, message: problems[0]!.message })
          : t('selection.marked', { count: delivered.length }),
      );
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
        {t('selection.markSelected')}
      </button>
      {open ? (
        <ActionDialog title={t('selection.markTitle', { count })} onClose={() => setOpen(false)}>
          <p>{t('selection.markText')}</p>
          <div className="button-row">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void mark()} autoFocus>
              {t('selection.markTitle', { count })}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('common:cancel')}
            </button>
          </div>
        </ActionDialog>
      ) : null}
    </>
  );
}
