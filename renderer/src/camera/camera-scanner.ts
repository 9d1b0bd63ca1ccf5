// The camera side of scanning: opens the chosen camera into a <video>, feeds its frames to the
// decoder worker one at a time (a frame is only grabbed once the previous one is decoded), and
// reports the texts found and a camera that goes away.
import { t } from '../../../shared/i18n/index.ts';
import { qrDecoder } from './decoder-client.ts';

export interface Camera {
  deviceId: string;
  label: string;
}

export type CameraFailure = 'denied' | 'no-camera' | 'failed';

export class CameraStartError extends Error {
  constructor(
    readonly reason: CameraFailure,
    message: string,
  ) {
    super(message);
  }
}

export async function listCameras(): Promise<Camera[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || t('capture:camera.numbered', { index: i + 1 }) }));
}

function startError(error: unknown): CameraStartError {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new CameraStartError('denied', t('capture:camera.denied'));
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return new CameraStartError('no-camera', t('capture:camera.plugIn'));
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return new CameraStartError('failed', t('capture:camera.busy'));
  }
  return new CameraStartError('failed', t('capture:camera.startFailed', { reason: error instanceof Error ? error.message : String(error) }));
}

async function open(deviceId: string | null): Promise<MediaStream> {
  const video: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 } };
  if (deviceId) video.deviceId = { exact: deviceId };
  return navigator.mediaDevices.getUserMedia({ video, audio: false });
}

export class CameraScanner {
  private stream: MediaStream | null = null;
  private running = false;
  private readonly canvas = document.createElement('canvas');

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly on: {
      texts(texts: string[]): void;
      /** Codes in view that hold no text: why each cannot be captured. */
      refused(problems: string[]): void;
      /** The camera went away (unplugged, or taken by the system). */
      lost(): void;
      /** The decoder cannot run; the camera is stopped. */
      failed(message: string): void;
    },
  ) {}

  /** Opens the camera (the remembered one when it is still there) and starts scanning; returns the camera used. */
  async start(deviceId: string | null): Promise<string | null> {
    if (!navigator.mediaDevices?.getUserMedia) throw new CameraStartError('no-camera', t('capture:camera.noMediaDevices'));
    if ((await listCameras()).length === 0) throw new CameraStartError('no-camera', t('capture:camera.plugIn'));
    let stream: MediaStream;
    try {
      stream = await open(deviceId).catch((error: unknown) => {
        // The remembered camera is gone: any camera will do.
        if (deviceId && error instanceof DOMException && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError')) return open(null);
        throw error;
      });
    } catch (error) {
      throw startError(error);
    }
    this.stream = stream;
    const track = stream.getVideoTracks()[0];
    track?.addEventListener('ended', () => {
      if (this.stream !== stream) return;
      this.stop();
      this.on.lost();
    });
    this.video.srcObject = stream;
    await this.video.play().catch(() => undefined);
    this.running = true;
    void this.loop(stream);
    return track?.getSettings().deviceId ?? null;
  }

  stop(): void {
    this.running = false;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.video.srcObject = null;
  }

  private async loop(stream: MediaStream): Promise<void> {
    const decoder = qrDecoder();
    while (this.running && this.stream === stream) {
      const frame = this.grab();
      if (frame) {
        let failure: string | null;
        try {
          const { texts, refused, error } = await decoder.decode(frame);
          if (texts.length > 0 && this.stream === stream) this.on.texts(texts);
          if (refused.length > 0 && this.stream === stream) this.on.refused(refused);
          failure = error;
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
        }
        if (failure && this.stream === stream) {
          this.stop();
          this.on.failed(failure);
          return;
        }
      }
      await this.nextFrame();
    }
  }

  private grab(): ImageData | null {
    const { videoWidth: width, videoHeight: height } = this.video;
    if (this.video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || width === 0 || height === 0) return null;
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const context = this.canvas.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(this.video, 0, 0, width, height);
    return context.getImageData(0, 0, width, height);
  }

  /** Waits for a new video frame (or a short while, when the video cannot say). */
  private nextFrame(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 100);
      if ('requestVideoFrameCallback' in this.video) {
        this.video.requestVideoFrameCallback(() => {
          clearTimeout(timer);
          resolve();
        });
      }
    });
  }
}
