import { useEffect, useRef } from 'react';
import { Icon } from '../components/Icon.tsx';
import { unlockConfirmTone } from './confirm-tone.ts';
import { useScan, type CameraStatus } from './scan-store.ts';
import './camera.css';

const STATUS_TEXT: Record<CameraStatus, string> = {
  idle: 'Camera off',
  starting: 'Starting the camera…',
  scanning: 'Scanning — hold the device’s QR code in view',
  denied: 'Camera blocked',
  'no-camera': 'No camera found',
  lost: 'Camera disconnected',
  failed: 'Camera stopped',
};

/** Live camera scanning on the Capture screen. The camera runs only while this panel is shown and the window is visible. */
export function CameraPanel() {
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
        <video ref={video} muted playsInline aria-label="Camera preview" data-testid="camera-video" />
        {live ? <span className="camera-aim" aria-hidden="true" /> : (
          <div className="camera-off">
            <Icon name={status === 'idle' ? 'search' : 'alert'} size={28} />
            <span>{STATUS_TEXT[status]}</span>
          </div>
        )}
        {notice ? <span key={notice.id} className={`camera-flash flash-${notice.tone}`} aria-hidden="true" /> : null}
      </div>
      <div className="camera-side">
        <h2 id="camera-title">Scan with the camera</h2>
        <p className="muted">Single QR codes are queued the moment they are read; animated codes fill up part by part and queue when complete.</p>
        <div className="camera-controls">
          <label className="camera-select">
            <span>Camera</span>
            <select
              value={cameras.some((c) => c.deviceId === cameraId) ? (cameraId ?? '') : ''}
              onChange={(event) => chooseCamera(event.currentTarget.value)}
              disabled={cameras.length === 0}
              data-testid="camera-select"
            >
              {cameras.length === 0 ? <option value="">No camera</option> : null}
              {cameras.length > 0 && !cameras.some((c) => c.deviceId === cameraId) ? <option value="">Default camera</option> : null}
              {cameras.map((c) => (
                <option key={c.deviceId} value={c.deviceId}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className={`button ${live ? '' : 'button-primary'}`} onClick={toggle} data-testid="camera-toggle">
            {live ? 'Stop camera' : 'Start camera'}
          </button>
        </div>
        <p className={`camera-status status-${status}`} role="status" data-testid="camera-status">
          <strong>{STATUS_TEXT[status]}.</strong>{' '}
          {problem ? <span>{problem} Files and images can still be dropped below.</span> : status === 'idle' ? <span>The camera runs only while you scan.</span> : null}
        </p>
        {progress ? (
          <div className="camera-progress" data-testid="camera-progress">
            <span>
              Animated code: {progress.received} of {progress.total} parts, {progress.percent} %
            </span>
            <progress max={progress.total} value={progress.received} aria-label="Animated code parts received" />
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
