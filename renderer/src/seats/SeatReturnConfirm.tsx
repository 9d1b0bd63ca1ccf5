// The two confirmations every seat return goes through, from a request's detail or from the typed form:
// first the engineer says why (the reason goes to the audit trail), then confirms once more with the
// device and the licence named. Main decides whether the vendor can release the seat without the device;
// its sentence (queued, or why not) is shown here.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { calls, type CallOutput } from '../../../shared/api/contract.ts';
import { Slots, slot } from '../components/Slots.tsx';
import { errorMessage } from '../store/ui.ts';
import { sentence } from './sentence.ts';
import './seats.css';

type Result = CallOutput<'returnSeat'>;

interface SeatReturnConfirmProps {
  /** One device by name; for a selection, e.g. "12 devices". */
  device: string;
  /** The masked licence key; null for a selection (each device has its own). */
  licence: string | null;
  send: (reason: string) => Promise<Result>;
  onClose: (result: Result | null) => void;
}

export function SeatReturnConfirm({ device, licence, send, onClose }: SeatReturnConfirmProps) {
  const { t } = useTranslation('lists');
  const [step, setStep] = useState<'reason' | 'confirm'>('reason');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    (step === 'reason' ? reasonField.current : confirmButton.current)?.focus();
  }, [step]);

  const next = (): void => {
    const checked = calls.returnSeats.input.shape.reason.safeParse(reason);
    if (!checked.success) {
      setProblem(sentence(checked.error.issues[0]?.message ?? t('seats.invalidReason')));
      return;
    }
    setProblem(null);
    setStep('confirm');
  };

  const confirm = async (): Promise<void> => {
    setSending(true);
    try {
      const result = await send(reason);
      if (result.outcome === 'error') {
        setProblem(result.message);
        setStep('reason');
      } else onClose(result);
    } catch (error) {
      setProblem(sentence(errorMessage(error)));
      setStep('reason');
    } finally {
      setSending(false);
    }
  };

  return (
    <div
      className="confirm seat-return-confirm"
      role="group"
      aria-label={step === 'reason' ? t('seats.reasonStep') : t('seats.confirmStep')}
      data-testid="seat-return-confirm"
      data-step={step}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose(null);
        }
      }}
    >
      {step === 'reason' ? (
        <>
          <p>{t('seats.reasonIntro')}</p>
          <label htmlFor="seat-return-reason">{t('seats.reason')}</label>
          <textarea
            id="seat-return-reason"
            ref={reasonField}
            rows={2}
            maxLength={500}
            aria-describedby="seat-return-status"
            aria-invalid={problem ? true : undefined}
            placeholder={t('seats.reasonPlaceholder')}
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setProblem(null);
            }}
          />
        </>
      ) : (
        <p data-testid="seat-return-question">
          <Slots
            text={t(licence ? 'seats.questionOne' : 'seats.questionMany', { device: slot('device'), licence: slot('licence'), reason: slot('reason') })}
            slots={{ device: <strong>{device}</strong>, licence: <span className="mono">{licence}</span>, reason: <em>{reason.trim()}</em> }}
          />
        </p>
      )}
      <div id="seat-return-status" role="status" aria-live="polite" data-testid="seat-return-status">
        {problem ? <p className="note note-bad">{problem}</p> : null}
      </div>
      <div className="button-row">
        {step === 'reason' ? (
          <button type="button" className="button button-primary" onClick={next}>
            {t('seats.continue')}
          </button>
        ) : (
          <button type="button" ref={confirmButton} className="button button-danger" disabled={sending} onClick={() => void confirm()}>
            {t('seats.yesReturn', { device })}
          </button>
        )}
        <button type="button" className="button" onClick={() => onClose(null)}>
          {t('seats.keepSeat')}
        </button>
      </div>
    </div>
  );
}
