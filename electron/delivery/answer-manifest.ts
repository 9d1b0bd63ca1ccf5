// The manifest that travels with delivered answers: which file answers which request, for which
// device, its SHA-256, and when the kiosk verified it. Written onto USB sticks and into ZIP exports.
export interface ManifestAnswer {
  requestId: string;
  device: string;
  /** Relative to the manifest's folder, with "/" separators. */
  file: string;
  sha256: string;
  verifiedAt: string;
}

export interface AnswerManifest {
  format: 'activation-kiosk/answer-manifest';
  version: 1;
  createdAt: string;
  answers: ManifestAnswer[];
}

export function buildAnswerManifest(answers: readonly ManifestAnswer[], createdAt: Date): AnswerManifest {
  return {
    format: 'activation-kiosk/answer-manifest',
    version: 1,
    createdAt: createdAt.toISOString(),
    answers: [...answers].sort((a, b) => a.file.localeCompare(b.file)),
  };
}

export const manifestBytes = (manifest: AnswerManifest): Buffer => Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
