import { useTranslation } from 'react-i18next';
import { t } from '../../../shared/i18n/index.ts';
import { Icon } from '../components/Icon.tsx';
import { ScreenHeader } from '../components/ScreenHeader.tsx';
import { ExpiryNote } from '../components/ExpiryNote.tsx';
import { StateChip } from '../components/StateChip.tsx';
import { Time } from '../components/Time.tsx';
import { ShowQrButton } from '../deliver-qr/ShowQrButton.tsx';
import { AnswerExportPanel, ExportProblems } from '../deliver-export/AnswerExportPanel.tsx';
import { ExportedNote, MarkDeliveredButton } from '../deliver-export/ExportedMark.tsx';
import { deviceName } from '../format.ts';
import { Slots, slot } from '../components/Slots.tsx';
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
    label: () => t('lists:columns.device'),
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
    label: () => t('lists:columns.fileItGets'),
    className: 'col-response mono',
    cell: (r) => (
      <span className="cell-line" data-testid="response-file-name" title={r.responseFileName ?? undefined}>
        {r.responseFileName ?? '—'}
      </span>
    ),
  },
  { key: 'key', label: () => t('lists:columns.licenceKey'), className: 'col-key mono', cell: (r) => <span className="cell-line">{r.licenseKeyMasked}</span> },
  {
    key: 'state',
    label: () => t('lists:columns.state'),
    sort: 'state',
    className: 'col-state',
    cell: (r) => (
      <span className="cell-line" title={r.state === 'delivered' ? t('lists:deliver.canExportAgain') : undefined}>
        <StateChip state={r.state} />
        <ExportedNote request={r} />
        <ExpiryNote request={r} />
      </span>
    ),
  },
  { key: 'updated', label: () => t('lists:columns.updated'), sort: 'updatedAt', firstDir: 'desc', className: 'col-time cell-time', cell: (r) => <Time iso={r.updatedAt} /> },
  {
    key: 'qr',
    label: () => t('lists:columns.onScreen'),
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
  const { t } = useTranslation('lists');
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
      <ScreenHeader title={t('deliver.title')}>{t('deliver.lede')}</ScreenHeader>

      <div className="queue-tools">
        <SearchBox list={deliverList} label={t('deliver.search')} />
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={showDelivered}
            onChange={(event) => deliverList.getState().setFilter({ states: (event.currentTarget.checked ? READY_AND_DELIVERED : READY).states })}
          />
          {t('deliver.showDelivered', { count: delivered })}
        </label>
      </div>

      <div>
        <BulkBar list={deliverList} name="deliver" actions={[]}>
          <VisitFilter id="deliver-visit-filter" />
          <DeliverSelectionActions list={deliverList} />
          <span className="muted small">
            {deliverTo === 'folder' ? t('deliver.askFolder') : t('deliver.toDownloads')}
          </span>
          <button type="button" className="button button-primary" disabled={count === 0 || exporting} onClick={() => void exportSelected()}>
            <Icon name="deliver" size={16} className={exporting ? 'pulse' : undefined} />
            {t('deliver.export', { count })}
          </button>
        </BulkBar>
        <ExportOutcome />
        <AnswerExportPanel />
      </div>

      {loaded && total === 0 ? (
        <div className="empty card" data-testid="deliver-empty">
          <p className="empty-title">{searching ? t('deliver.noMatch') : showDelivered || delivered === 0 ? t('deliver.empty') : t('deliver.allDelivered')}</p>
          <p className="muted">
            {searching
              ? t('deliver.noMatchText')
              : showDelivered || delivered === 0
                ? t('deliver.emptyText')
                : t('deliver.allDeliveredText')}
          </p>
        </div>
      ) : (
        <RequestGrid
          list={deliverList}
          label={t('deliver.gridLabel')}
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
  const { t } = useTranslation('lists');
  const outcome = useDeliver((s) => s.outcome);
  return (
    <div aria-live="polite" data-testid="deliver-result">
      {outcome ? (
        <div className="export-outcome">
          {outcome.written.length > 0 ? (
            <p className="note note-good" data-written={outcome.written.length}>
              <Icon name="check" size={16} />{' '}
              <Slots
                text={t('deliver.wrote', { count: outcome.written.length, folder: slot('folder') })}
                slots={{ folder: <span className="mono">{outcome.folder ?? t('deliver.chosenFolder')}</span> }}
              />
            </p>
          ) : null}
          {outcome.downloaded.length > 0 ? (
            <p className="note note-good" data-downloaded={outcome.downloaded.length}>
              <Icon name="check" size={16} /> {t('deliver.downloaded', { count: outcome.downloaded.length })}
            </p>
          ) : null}
          {outcome.written.length === 0 && outcome.downloaded.length === 0 && outcome.problems.length === 0 ? (
            <p className="note">{outcome.mode === 'folder' && outcome.folder === null ? t('deliver.nothingExportedNoFolder') : t('deliver.nothingExported')}</p>
          ) : null}
          <ExportProblems problems={outcome.problems} what="file" testId="deliver-problems" />
        </div>
      ) : null}
    </div>
  );
}
