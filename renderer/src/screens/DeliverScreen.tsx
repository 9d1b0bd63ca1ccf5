import { useEffect, useRef } from 'react';
import { Icon } from '../components/Icon.tsx';
import { ScreenHeader } from '../components/ScreenHeader.tsx';
import { ExpiryNote } from '../components/ExpiryNote.tsx';
import { StateChip } from '../components/StateChip.tsx';
import { Time } from '../components/Time.tsx';
import { ShowQrButton } from '../deliver-qr/ShowQrButton.tsx';
import { AnswerExportPanel } from '../deliver-export/AnswerExportPanel.tsx';
import { ExportedNote, MarkDeliveredButton } from '../deliver-export/ExportedMark.tsx';
import { deviceName, plural } from '../format.ts';
import { useDeliver, useStatus } from '../store/index.ts';

/** Deliver: export signed responses as files for their devices. */
export function DeliverScreen() {
  const requests = useDeliver((s) => s.requests);
  const loaded = useDeliver((s) => s.loaded);
  const selected = useDeliver((s) => s.selected);
  const exporting = useDeliver((s) => s.exporting);
  const toggle = useDeliver((s) => s.toggle);
  const selectAll = useDeliver((s) => s.selectAll);
  const exportSelected = useDeliver((s) => s.exportSelected);
  const deliverTo = useStatus((s) => s.status?.deliverTo ?? 'download');

  const rows = [...requests].sort((a, b) => Number(a.state === 'delivered') - Number(b.state === 'delivered'));
  const count = rows.filter((r) => selected.has(r.id)).length;
  const allSelected = rows.length > 0 && count === rows.length;
  const selectAllBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAllBox.current) selectAllBox.current.indeterminate = count > 0 && !allSelected;
  }, [count, allSelected]);

  return (
    <div className="screen screen-deliver" data-testid="deliver-screen">
      <ScreenHeader title="Deliver">
        Copy these files to a USB stick and import each on its device; the file name shows which device it belongs to. A device with a
        camera can read its response from this screen instead: Show as QR.
      </ScreenHeader>

      <div>
        <div className="deliver-toolbar">
          <label className="checkbox-label">
            <input
              ref={selectAllBox}
              type="checkbox"
              checked={allSelected}
              disabled={rows.length === 0}
              onChange={(event) => selectAll(event.currentTarget.checked)}
            />
            Select all
          </label>
          <span className="muted" aria-live="polite">
            {count > 0 ? `${count} of ${rows.length} selected` : rows.length > 0 ? 'Nothing selected' : ''}
          </span>
          <span className="toolbar-spacer" />
          <span className="muted small">
            {deliverTo === 'folder' ? 'You will be asked for a folder (the USB stick).' : 'Files go to your browser’s downloads folder.'}
          </span>
          <button type="button" className="button button-primary" disabled={count === 0 || exporting} onClick={() => void exportSelected()}>
            <Icon name="deliver" size={16} className={exporting ? 'pulse' : undefined} />
            Export {plural(count, 'file')}…
          </button>
        </div>
        <ExportOutcome />
        <AnswerExportPanel />
      </div>

      {loaded && rows.length === 0 ? (
        <div className="empty card" data-testid="deliver-empty">
          <p className="empty-title">Nothing to deliver yet</p>
          <p className="muted">Responses appear here once a sync brings them back from the licensing service and their signatures check out.</p>
        </div>
      ) : (
        <div className="table-wrap card">
          <table className="table table-deliver" aria-label="Responses to deliver">
            <thead>
              <tr>
                <th scope="col" className="cell-check">
                  <span className="visually-hidden">Selected</span>
                </th>
                <th scope="col">Device</th>
                <th scope="col">File it gets</th>
                <th scope="col">Licence key</th>
                <th scope="col">State</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="visually-hidden">On screen</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const checked = selected.has(r.id);
                const boxId = `deliver-${r.id}`;
                return (
                  <tr
                    key={r.id}
                    className={`${checked ? 'is-selected' : ''}${r.state === 'delivered' ? ' is-delivered' : ''}`}
                    data-request-id={r.id}
                    data-state={r.state}
                    onClick={(event) => {
                      if ((event.target as HTMLElement).closest('input,label,button')) return;
                      toggle(r.id, !checked);
                    }}
                  >
                    <td className="cell-check">
                      <input id={boxId} type="checkbox" checked={checked} onChange={(event) => toggle(r.id, event.currentTarget.checked)} />
                    </td>
                    <td>
                      <label htmlFor={boxId} className="cell-strong nowrap">
                        {deviceName(r)}
                      </label>
                    </td>
                    <td className="mono cell-file" data-testid="response-file-name">
                      {r.responseFileName ?? '—'}
                    </td>
                    <td className="mono nowrap">{r.licenseKeyMasked}</td>
                    <td>
                      <StateChip state={r.state} />
                      {r.state === 'delivered' ? <span className="cell-sub">Can be exported again</span> : null}
                      <ExportedNote request={r} />
                      <ExpiryNote request={r} />
                    </td>
                    <td className="cell-time">
                      <Time iso={r.updatedAt} />
                    </td>
                    <td className="cell-action">
                      <ShowQrButton id={r.id} device={deviceName(r)} small />
                      <MarkDeliveredButton request={r} device={deviceName(r)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
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
          {outcome.problems.length > 0 ? (
            <div className="note note-bad" role="alert" data-testid="deliver-problems">
              <p className="note-title">
                {plural(outcome.problems.length, 'file')} could not be exported
              </p>
              <ul className="problem-list">
                {outcome.problems.map((p) => (
                  <li key={p.id} data-request-id={p.id}>
                    <span className="mono">{p.label}</span>: {p.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
