// A short beep when a code is queued, generated with WebAudio (no sound files to bundle).
let context: AudioContext | null = null;

/** Browsers only let audio start from a user gesture: call this from the click that starts the camera. */
export function unlockConfirmTone(): void {
  try {
    context ??= new AudioContext();
    void context.resume();
  } catch {
    // No audio: the visual confirmation is enough.
  }
}

export function playConfirmTone(kind: 'queued' | 'notice'): void {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const now = context.currentTime;
    oscillator.type = 'sine';
    oscillator.frequency.value = kind === 'queued' ? 1320 : 660;
    // A quick attack and decay: a click-free blip of about 120 ms.
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.25, now + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.12);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(now);
    oscillator.stop(now + 0.13);
  } catch {
    // No audio device: the visual confirmation still shows.
  }
}
