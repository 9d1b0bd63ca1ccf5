import { Icon } from '../components/Icon.tsx';
import { ScreenHeader } from '../components/ScreenHeader.tsx';
import { ExpiryNote } from '../components/ExpiryNote.tsx';
import { StateChip } from '../components/StateChip.tsx';
import { Time } from '../components/Time.tsx';
import { ShowQrButton } from '../deliver-qr/ShowQrButton.tsx';
import { AnswerExportPanel, ExportProblems } from '../deliver-export/AnswerExportPanel.tsx';
import { ExportedNote, MarkDeliveredButton } from '../deliver-export/ExportedMark.tsx';
import { deviceName, plural } from '../format.ts';
import { VisitFilter } from '../visits/VisitFilter.tsx';
import { BulkBar } from '../lists/BulkBar.tsx';
import { DeliverSelectionActions } from '../lists/SelectionActions.tsx';
import { RequestGrid, type GridColumn } from '../lists/RequestGrid.tsx';
import { SearchBox } from '../lists/SearchBox.tsx';
import { selectedCount } from '../lists/request-list.ts';
import { deliverList, useDeliver, useStatus } from '../store/index.ts';
import { READY, READY_AND_DELIVERED } from '../store/deliver.ts';
import { useQrDelivery } from '../store/qr-delivery.ts';

const COLUMNS: GridColumn[] = [
  {
    key: 'device',
    label: 'Device',
    sort: 'device',
    className: 'col-device',
    cell: (r) => (
      <span className="cell-line cell-strong" title={deviceName(r)}>
        {deviceName(r)}
      </span>
    ),
  },
  {
    key: 'file',
    label: 'File it gets',
    className: 'col-response mono',
    cell: (r) => (
      <span className="cell-line" data-testid="response-file-name" title={r.responseFileName ?? undefined}>
        {r.responseFileName ?? '—'}
      </span>
    ),
  },
  { key: 'key', label: 'Licence key', className: 'col-key mono', cell: (r) => <span className="cell-line">{r.licenseKeyMasked}</span> },
  {
    key: 'state',
    label: 'State',
    sort: 'state',
    className: 'col-state',
    cell: (r) => (
      <span className="cell-line" title={r.state === 'delivered' ? 'Can be exported again' : undefined}>
        <StateChip state={r.state} />
        <ExportedNote request={r} />
        <ExpiryNote request={r} />
      </span>
    ),
  },
  { key: 'updated', label: 'Updated', sort: 'updatedAt', firstDir: 'desc', className: 'col-time cell-time', cell: (r) => <Time iso={r.updatedAt} /> },
  {
    key: 'qr',
    label: 'On screen',
    hiddenLabel: true,
    className: 'col-action cell-action',
    cell: (r) => (
      <span className="cell-line">
        <ShowQrButton id={r.id} device={deviceName(r)} small tabIndex={-1} />
        <MarkDeliveredButton request={r} device={deviceName(r)} tabIndex={-1} />
      </span>
    ),
  },
];

/** Deliver: export signed responses as files for their devices. */
export function DeliverScreen() {
  const total = deliverList((s) => s.total);
  const loaded = deliverList((s) => s.loaded);
  const count = deliverList((s) => selectedCount(s));
  const showDelivered = deliverList((s) => s.filter.states?.includes('delivered') === true);
  const searching = deliverList((s) => (s.filter.search ?? '').trim() !== '');
  const delivered = deliverList((s) => s.counts.delivered ?? 0);
  const exporting = useDeliver((s) => s.exporting);
  const exportSelected = useDeliver((s) => s.exportSelected);
  const showQr = useQrDelivery((s) => s.show);
  const deliverTo = useStatus((s) => s.status?.deliverTo ?? 'download');

  return (
    <div className="screen screen-deliver" data-testid="deliver-screen">
      <ScreenHeader title="Deliver">
        Copy these files to a USB stick and import each on its device; the file name shows which device it belongs to. A device with a
        camera can read its response from this screen instead: Show as QR.
      </ScreenHeader>

      <div className="queue-tools">
        <SearchBox list={deliverList} label="Search responses" />
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={showDelivered}
            onChange={(event) => deliverList.getState().setFilter({ states: (event.currentTarget.checked ? READY_AND_DELIVERED : READY).states })}
          />
          Show delivered ({delivered})
        </label>
      </div>

      <div>
        <BulkBar list={deliverList} name="deliver" actions={[]}>
          <VisitFilter id="deliver-visit-filter" />
          <DeliverSelectionActions list={deliverList} />
          <span className="muted small">
            {deliverTo === 'folder' ? 'You will be asked for a folder (the USB stick).' : 'Files go to your browser’s downloads folder.'}
          </span>
          <button type="button" className="button button-primary" disabled={count === 0 || exporting} onClick={() => void exportSelected()}>
            <Icon name="deliver" size={16} className={exporting ? 'pulse' : undefined} />
            Export {plural(count, 'file')}…
          </button>
        </BulkBar>
        <ExportOutcome />
        <AnswerExportPanel />
      </div>

      {loaded && total === 0 ? (
        <div className="empty card" data-testid="deliver-empty">
          <p className="empty-title">{searching ? 'No responses match' : showDelivered || delivered === 0 ? 'Nothing to deliver yet' : 'Nothing left to deliver'}</p>
          <p className="muted">
            {searching
              ? 'Clear the search to see every response.'
              : showDelivered || delivered === 0
                ? 'Responses appear here once a sync brings them back from the licensing service and their signatures check out.'
                : `Every response was delivered. Tick “Show delivered” to export one again.`}
          </p>
        </div>
      ) : (
        <RequestGrid
          list={deliverList}
          label="Responses to deliver"
          className="table-deliver"
          columns={COLUMNS}
          rowClass={(r) => (r.state === 'delivered' ? 'is-delivered' : '')}
          onOpen={(row) => void showQr(row.id)}
          openOnClick={false}
        />
      )}
    </div>
  );
}

function ExportOutcome() {
  const outcome = useDeliver((s) => s.outcome);
  return (
    <div aria-live="polite" data-testid="deliver-result">
      {outcome ? (
        <div className="export-outcome">
          {outcome.written.length > 0 ? (
            <p className="note note-good" data-written={outcome.written.length}>
              <Icon name="check" size={16} /> Wrote {plural(outcome.written.length, 'file')} to <span className="mono">{outcome.folder ?? 'the chosen folder'}</span>
            </p>
          ) : null}
          {outcome.downloaded.length > 0 ? (
            <p className="note note-good" data-downloaded={outcome.downloaded.length}>
              <Icon name="check" size={16} /> Downloaded {plural(outcome.downloaded.length, 'file')}. They are in your browser&rsquo;s downloads folder.
            </p>
          ) : null}
          {outcome.written.length === 0 && outcome.downloaded.length === 0 && outcome.problems.length === 0 ? (
            <p className="note">Nothing was exported{outcome.mode === 'folder' && outcome.folder === null ? ' — no folder was chosen' : ''}.</p>
          ) : null}
          <ExportProblems problems={outcome.problems} what="file" testId="deliver-problems" />
        </div>
      ) : null}
    </div>
  );
}
