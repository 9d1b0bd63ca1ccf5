// The manifest that travels with exported answers (a ZIP, a folder, a USB stick): one entry per answer,
// so whoever carries them can tell which file is for which device and check that no file changed on
// the way (the SHA-256 of the file's bytes as written).
import { createHash } from 'node:crypto';

export const MANIFEST_FILE_NAME = 'manifest.json';

export interface ManifestEntry {
  requestId: string;
  deviceId: string;
  deviceLabel: string | null;
  /** Relative to the manifest's folder, with "/" separators. */
  file: string;
  sha256: string;
  /** When the kiosk verified the vendor's signature on this answer. */
  verifiedAt: string;
}

export interface AnswerManifest {
  format: 'activation-kiosk/answer-manifest';
  version: 1;
  createdAt: string;
  count: number;
  answers: ManifestEntry[];
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function buildAnswerManifest(entries: readonly ManifestEntry[], createdAt: Date): AnswerManifest {
  return {
    format: 'activation-kiosk/answer-manifest',
    version: 1,
    createdAt: createdAt.toISOString(),
    count: entries.length,
    answers: [...entries].sort((a, b) => a.file.localeCompare(b.file)),
  };
}

export const manifestBytes = (manifest: AnswerManifest): Uint8Array => new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);

/**
 * Names unique within one batch, compared case-insensitively (FAT sticks and Windows fold case):
 * "press-1.json" twice becomes "press-1.json" and "press-1 (2).json". The manifest's name is reserved.
 */
export function uniqueNames(wanted: readonly string[]): string[] {
  const taken = new Set([MANIFEST_FILE_NAME]);
  return wanted.map((name) => {
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = numbered(name, n);
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}
