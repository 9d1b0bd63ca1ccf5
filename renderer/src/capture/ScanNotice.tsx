// What became of the last hand-held scan, on the Capture screen and in the QR delivery view: received
// (being checked), then main's answer.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';
import type { Burst } from '../scanner/scan-burst.ts';
import type { CaptureResult } from '../store/capture.ts';
import { captureScan } from '../store/text-capture.ts';
import { OUTCOMES, outcomeScanned } from './outcomes.ts';
import './text-capture.css';

export interface ScanNoticeState {
  name: string;
  characters: number;
  /** Main's answer, once it came. */
  result: CaptureResult | null;
}

/** The notice is green while the scan is checked and whenever it was read; red when it needs the engineer. */
const NOTICE_CLASS = { good: 'note-good', info: 'note-good', bad: 'note-bad' } as const;

/**
 * Captures scanner bursts and keeps the last one's notice, hidden `hideAfterMs` after main answered
 * (null: kept). `scanned` resolves with main's answer.
 */
export function useScanNotice(hideAfterMs: number | null): { notice: ScanNoticeState | null; scanned(burst: Burst): Promise<CaptureResult | null> } {
  const [notice, setNotice] = useState<ScanNoticeState | null>(null);

  const scanned = useCallback(async (burst: Burst): Promise<CaptureResult | null> => {
    const capture = captureScan(burst);
    const received: ScanNoticeState = { name: capture.name, characters: capture.characters, result: null };
    setNotice(received);
    const result = await capture.result;
    setNotice((current) => (current === received ? { ...received, result } : current));
    return result;
  }, []);

  useEffect(() => {
    if (!notice?.result || hideAfterMs === null) return;
    const timer = setTimeout(() => setNotice((current) => (current === notice ? null : current)), hideAfterMs);
    return () => clearTimeout(timer);
  }, [notice, hideAfterMs]);

  return { notice, scanned };
}

export function ScanNotice({ notice }: { notice: ScanNoticeState }) {
  const { t } = useTranslation('capture');
  const look = notice.result ? OUTCOMES[notice.result.outcome] : null;
  return (
    <p className={`note scan-notice ${NOTICE_CLASS[look?.tone ?? 'good']}`} data-scan={notice.name} data-outcome={notice.result?.outcome}>
      <Icon name={look?.icon ?? 'check'} size={16} /> <strong>{t('scanNotice.received')}</strong> {t('scanNotice.characters', { name: notice.name, count: notice.characters })}
      {look && notice.result ? t('scanNotice.outcome', { outcome: outcomeScanned(notice.result.outcome) }) : t('scanNotice.checking')}
      {look?.showMessage ? (
        <span className="scan-notice-message" title={notice.result?.message}>
          {notice.result?.message}
        </span>
      ) : null}
    </p>
  );
}
