import { useEffect, useRef, type ReactNode } from 'react';
import { useUi } from '../store/index.ts';

/** The screen's title and its one-line explanation. Takes focus when the screen was opened by keyboard. */
export function ScreenHeader({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const focusToken = useUi((s) => s.focusToken);
  useEffect(() => {
    if (focusToken > 0) heading.current?.focus();
  }, [focusToken]);
  return (
    <header className="screen-header">
      <div>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <p className="lede">{children}</p>
      </div>
      {actions ? <div className="screen-actions">{actions}</div> : null}
    </header>
  );
}
