import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_REQUEST_FILE_BYTES } from '../../../shared/api/contract.ts';
import { CameraPanel } from '../camera/CameraPanel.tsx';
import { captureFiles } from '../camera/image-import.ts';
import { CaptureResults } from '../capture/CaptureResults.tsx';
import { LicenseFilePanel } from '../capture/LicenseFilePanel.tsx';
import { SeatReturnPanel } from '../seats/SeatReturnPanel.tsx';
import { TextCapturePanel } from '../capture/TextCapturePanel.tsx';
import { DemoCard } from '../components/DemoCard.tsx';
import { Icon } from '../components/Icon.tsx';
import { ScreenHeader } from '../components/ScreenHeader.tsx';
import { formatBytes } from '../format.ts';
import { useCapture } from '../store/index.ts';
import { StickPanel } from '../sticks/StickPanel.tsx';

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/** Capture: the camera, request files and images (dropped anywhere on the screen, or chosen), a hand-held scanner and pasted text. */
export function CaptureScreen() {
  const { t } = useTranslation('capture');
  const busy = useCapture((s) => s.busy);
  const hasResults = useCapture((s) => s.results.length > 0);
  const picker = useRef<HTMLInputElement>(null);
  const depth = useRef(0);
  const [dragging, setDragging] = useState(false);

  const openPicker = (): void => picker.current?.click();
  const take = (files: FileList | null | undefined): void => {
    if (files && files.length > 0) void captureFiles(Array.from(files));
  };

  const onDragEnter = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth.current += 1;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    take(event.dataTransfer?.files);
  };
  const onZoneKey = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openPicker();
    }
  };

  return (
    <div
      className={`screen screen-capture${dragging ? ' is-dragging' : ''}`}
      data-testid="capture-screen"
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <ScreenHeader title={t('screen.title')}>{t('screen.intro')}</ScreenHeader>
      <div className="capture-layout">
        <div className="capture-inputs">
          <DemoCard />
          <StickPanel />
          <CameraPanel />
          <div className="capture-card card">
            <div
              className={`dropzone${dragging ? ' is-active' : ''}${hasResults ? ' is-compact' : ''}`}
              role="button"
              tabIndex={0}
              aria-describedby="dropzone-keys capture-accepts"
              aria-disabled={busy || undefined}
              data-testid="dropzone"
              data-dragging={dragging || undefined}
              onKeyDown={onZoneKey}
              onClick={openPicker}
            >
              <Icon name="capture" size={40} className="dropzone-icon" />
              <p className="dropzone-title">{dragging ? t('screen.dropRelease') : t('screen.dropTitle')}</p>
              <p className="dropzone-hint">{t('screen.dropHint')}</p>
            </div>
            <span id="dropzone-keys" className="visually-hidden">
              {t('screen.dropKeys')}
            </span>
            <div className="capture-footer">
              <button type="button" className="button button-primary" onClick={openPicker} disabled={busy}>
                <Icon name="file" size={16} />
                {t('screen.chooseFiles')}
              </button>
              <p id="capture-accepts" className="muted">
                {t('screen.accepts', { size: formatBytes(MAX_REQUEST_FILE_BYTES) })}
              </p>
            </div>
            <input
              ref={picker}
              type="file"
              multiple
              accept=".json,application/json,.txt,image/png,image/jpeg,*/*"
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              data-testid="capture-input"
              onChange={(event) => {
                take(event.currentTarget.files);
                event.currentTarget.value = '';
              }}
            />
          </div>
          <TextCapturePanel />
          <LicenseFilePanel />
          <SeatReturnPanel />
        </div>
        <CaptureResults />
      </div>
    </div>
  );
}
