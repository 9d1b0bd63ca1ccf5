// The two confirmations every seat return goes through, from a request's detail or from the typed form:
// first the engineer says why (the reason goes to the audit trail), then confirms once more with the
// device and the licence named. Main decides whether the vendor can release the seat without the device;
// its sentence (queued, or why not) is shown here.
import { useEffect, useRef, useState } from 'react';
import { calls, type CallOutput } from '../../../shared/api/contract.ts';
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
      setProblem(sentence(checked.error.issues[0]?.message ?? 'the reason is not valid'));
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
      aria-label={step === 'reason' ? "Return this device's seat: the reason" : "Return this device's seat: confirm"}
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
          <p>
            Return the seat of a device that died or was replaced: the vendor frees it for another device, without the device. Why is it returned? (This goes to the
            audit trail.)
          </p>
          <label htmlFor="seat-return-reason">Reason</label>
          <textarea
            id="seat-return-reason"
            ref={reasonField}
            rows={2}
            maxLength={500}
            aria-describedby="seat-return-status"
            aria-invalid={problem ? true : undefined}
            placeholder="e.g. controller dead after a power surge, replaced by a new one"
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setProblem(null);
            }}
          />
        </>
      ) : (
        <p data-testid="seat-return-question">
          Return the seat of <strong>{device}</strong>
          {licence ? (
            <>
              {' '}
              on licence <span className="mono">{licence}</span>
            </>
          ) : (
            ', each on its own licence'
          )}
          ? If {licence ? 'this device ever runs' : 'one of them ever runs'} again it will no longer be licensed. Reason: <em>{reason.trim()}</em>
        </p>
      )}
      <div id="seat-return-status" role="status" aria-live="polite" data-testid="seat-return-status">
        {problem ? <p className="note note-bad">{problem}</p> : null}
      </div>
      <div className="button-row">
        {step === 'reason' ? (
          <button type="button" className="button button-primary" onClick={next}>
            Continue
          </button>
        ) : (
          <button type="button" ref={confirmButton} className="button button-danger" disabled={sending} onClick={() => void confirm()}>
            Yes, return the seat of {device}
          </button>
        )}
        <button type="button" className="button" onClick={() => onClose(null)}>
          Keep the seat
        </button>
      </div>
    </div>
  );
}
