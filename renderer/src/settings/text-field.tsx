import { useId, type ReactNode } from 'react';

type FieldProps = { id: string; 'aria-invalid': boolean; 'aria-describedby': string };

/** A labelled field with its hint and, when invalid, the sentence saying why. */
export function TextField({ label, hint, error, children }: { label: string; hint: string; error: string | undefined; children: (props: FieldProps) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': error ? `${errorId} ${hintId}` : hintId })}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      <p id={hintId} className="field-hint">
        {hint}
      </p>
    </div>
  );
}
