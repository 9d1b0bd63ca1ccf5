import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';
import { unlockConfirmTone } from './confirm-tone.ts';
import { useScan } from './scan-store.ts';
import './camera.css';

/** Live camera scanning on the Capture screen. The camera runs only while this panel is shown and the window is visible. */
export function CameraPanel() {
  const { t } = useTranslation('capture');
  const video = useRef<HTMLVideoElement>(null);
  const status = useScan((s) => s.status);
  const problem = useScan((s) => s.problem);
  const cameras = useScan((s) => s.cameras);
  const cameraId = useScan((s) => s.cameraId);
  const progress = useScan((s) => s.progress);
  const notice = useScan((s) => s.notice);
  const { start, stop, chooseCamera, refreshCameras } = useScan.getState();
  const live = status === 'scanning' || status === 'starting';

  useEffect(() => {
    void refreshCameras();
    const onVisibility = (): void => {
      if (document.hidden) stop();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      stop();
    };
  }, [refreshCameras, stop]);

  const toggle = (): void => {
    if (live) stop();
    else if (video.current) {
      unlockConfirmTone();
      void start(video.current);
    }
  };

  return (
    <section className="card camera-card" aria-labelledby="camera-title" data-testid="camera-panel" data-status={status}>
      <div className={`camera-preview${live ? ' is-live' : ''}`}>
        <video ref={video} muted playsInline aria-label={t('camera.preview')} data-testid="camera-video" />
        {live ? <span className="camera-aim" aria-hidden="true" /> : (
          <div className="camera-off">
            <Icon name={status === 'idle' ? 'search' : 'alert'} size={28} />
            <span>{t(`camera.status.${status}`)}</span>
          </div>
        )}
        {notice ? <span key={notice.id} className={`camera-flash flash-${notice.tone}`} aria-hidden="true" /> : null}
      </div>
      <div className="camera-side">
        <h2 id="camera-title">{t('camera.title')}</h2>
        <p className="muted">{t('camera.intro')}</p>
        <div className="camera-controls">
          <label className="camera-select">
            <span>{t('camera.camera')}</span>
            <select
              value={cameras.some((c) => c.deviceId === cameraId) ? (cameraId ?? '') : ''}
              onChange={(event) => chooseCamera(event.currentTarget.value)}
              disabled={cameras.length === 0}
              data-testid="camera-select"
            >
              {cameras.length === 0 ? <option value="">{t('camera.noCamera')}</option> : null}
              {cameras.length > 0 && !cameras.some((c) => c.deviceId === cameraId) ? <option value="">{t('camera.defaultCamera')}</option> : null}
              {cameras.map((c) => (
                <option key={c.deviceId} value={c.deviceId}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className={`button ${live ? '' : 'button-primary'}`} onClick={toggle} data-testid="camera-toggle">
            {live ? t('camera.stop') : t('camera.start')}
          </button>
        </div>
        <p className={`camera-status status-${status}`} role="status" data-testid="camera-status">
          <strong>{t(`camera.status.${status}`)}.</strong>{' '}
          {problem ? <span>{t('camera.stillDrop', { problem })}</span> : status === 'idle' ? <span>{t('camera.runsWhileScanning')}</span> : null}
        </p>
        {progress ? (
          <div className="camera-progress" data-testid="camera-progress">
            <span>{t('camera.progress', { received: progress.received, total: progress.total, percent: progress.percent })}</span>
            <progress max={progress.total} value={progress.received} aria-label={t('camera.progressLabel')} />
          </div>
        ) : null}
        <p className={`camera-notice${notice ? ` notice-${notice.tone}` : ''}`} aria-live="polite" data-testid="camera-notice">
          {notice ? (
            <>
              <Icon name={notice.tone === 'good' ? 'check' : notice.tone === 'bad' ? 'alert' : 'info'} size={16} /> {notice.text}
            </>
          ) : null}
        </p>
      </div>
    </section>
  );
}
