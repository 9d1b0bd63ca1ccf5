// The camera scan session: which camera, its state, the progress of an animated code, and what the
// last code scanned became. Codes are captured as soon as they are whole; a code seen again is not
// sent again (main would answer "already in the queue" anyway).
import { create } from 'zustand';
import { t } from '../../../shared/i18n/index.ts';
import { OUTCOMES, outcomeNotice } from '../capture/outcomes.ts';
import { sourceName } from '../format.ts';
import { captureTexts } from '../store/capture.ts';
import { CameraScanner, CameraStartError, listCameras, type Camera } from './camera-scanner.ts';
import { playConfirmTone } from './confirm-tone.ts';
import { UrAssembler, type UrProgress } from './ur-assembler.ts';

export type CameraStatus = 'idle' | 'starting' | 'scanning' | 'denied' | 'no-camera' | 'lost' | 'failed';

export interface ScanNotice {
  /** Bumped for every notice, so the same text twice still flashes. */
  id: number;
  tone: 'good' | 'info' | 'bad';
  text: string;
}

interface ScanState {
  status: CameraStatus;
  /** Why the camera is not scanning, in a sentence. */
  problem: string | null;
  cameras: Camera[];
  cameraId: string | null;
  progress: UrProgress | null;
  notice: ScanNotice | null;
  refreshCameras(): Promise<void>;
  chooseCamera(deviceId: string): void;
  start(video: HTMLVideoElement): Promise<void>;
  stop(): void;
}

const CAMERA_KEY = 'activation-kiosk.camera';
const assembler = new UrAssembler();
/** Text → the name it was captured under, for this window's lifetime. */
const captured = new Map<string, string>();
let scanner: CameraScanner | null = null;
let scannerVideo: HTMLVideoElement | null = null;
let noticeId = 0;
/** The code captured last: it usually stays in view for a while, and that says nothing new. */
let lastText: string | null = null;
/** Texts the kiosk service never received (the link was down) → when; scanned again, they are sent again after a pause. */
const unsent = new Map<string, number>();
/** The refusal said last, for a code holding no text; forgotten once a readable code is seen. */
let lastRefusal: string | null = null;
const RESEND_AFTER_MS = 3000;

function rememberedCamera(): string | null {
  try {
    return localStorage.getItem(CAMERA_KEY);
  } catch {
    return null;
  }
}

export const useScan = create<ScanState>()((set, get) => {
  const notify = (tone: ScanNotice['tone'], text: string): void => set({ notice: { id: ++noticeId, tone, text } });

  async function submit(text: string, parts: number): Promise<void> {
    const base = sourceName(t('capture:sources.camera'));
    const name = parts > 1 ? t('capture:sources.animated', { name: base, count: parts }) : base;
    captured.set(text, name);
    lastText = text;
    const { results, delivered } = await captureTexts([{ name, size: new TextEncoder().encode(text).length, text, source: 'camera' }]);
    const result = results[0];
    if (!delivered) {
      captured.delete(text);
      assembler.forget(text);
      unsent.set(text, Date.now());
      notify('bad', t('capture:camera.notSent', { problem: result?.message ?? t('capture:camera.noAnswer') }));
    } else if (!result) {
      notify('bad', t('capture:camera.noResult'));
    } else {
      const look = OUTCOMES[result.outcome];
      if (look.sound) playConfirmTone(look.sound);
      notify(look.tone, outcomeNotice(result.outcome, name, result.message));
    }
  }

  function receive(texts: string[]): void {
    lastRefusal = null;
    for (const text of texts) {
      const step = assembler.receive(text);
      if (step.kind === 'progress') set({ progress: step.progress });
      if (step.kind !== 'message') continue;
      if (step.parts > 1) set({ progress: null });
      if (Date.now() - (unsent.get(step.text) ?? 0) < RESEND_AFTER_MS) continue;
      unsent.delete(step.text);
      const earlier = captured.get(step.text);
      if (earlier === undefined) void submit(step.text, step.parts);
      else if (step.text !== lastText) {
        lastText = step.text;
        notify('info', t('capture:camera.scannedAlready', { name: earlier }));
      }
    }
  }

  /** A code that holds no text says so once while it stays in view, not on every frame. */
  function refuse(problems: string[]): void {
    const problem = problems[0]!;
    if (problem === lastRefusal) return;
    lastRefusal = problem;
    notify('bad', outcomeNotice('error', '', problem));
  }

  return {
    status: 'idle',
    problem: null,
    cameras: [],
    cameraId: rememberedCamera(),
    progress: null,
    notice: null,

    async refreshCameras() {
      try {
        set({ cameras: await listCameras() });
      } catch {
        set({ cameras: [] });
      }
    },

    chooseCamera(deviceId) {
      try {
        localStorage.setItem(CAMERA_KEY, deviceId);
      } catch {
        // Private storage off: the choice lasts for this window only.
      }
      set({ cameraId: deviceId });
      // Switching cameras while scanning moves the scan to the new one.
      if (get().status === 'scanning' && scannerVideo) void get().start(scannerVideo);
    },

    async start(video) {
      get().stop();
      set({ status: 'starting', problem: null });
      scannerVideo = video;
      const current = new CameraScanner(video, {
        texts: receive,
        refused: refuse,
        lost: () => {
          if (scanner !== current) return;
          scanner = null;
          set({ status: 'lost', problem: t('capture:camera.lost') });
          void get().refreshCameras();
        },
        failed: (message) => {
          if (scanner !== current) return;
          scanner = null;
          set({ status: 'failed', problem: message });
        },
      });
      scanner = current;
      try {
        const used = await current.start(get().cameraId);
        if (scanner !== current) return current.stop();
        set({ status: 'scanning', ...(used ? { cameraId: used } : {}) });
        await get().refreshCameras();
      } catch (error) {
        if (scanner === current) scanner = null;
        const reason = error instanceof CameraStartError ? error.reason : 'failed';
        set({ status: reason, problem: error instanceof Error ? error.message : String(error) });
        await get().refreshCameras();
      }
    },

    stop() {
      scanner?.stop();
      scanner = null;
      if (get().status === 'scanning' || get().status === 'starting') set({ status: 'idle' });
    },
  };
});
