import { useUi } from '../store/index.ts';
import { Icon } from './Icon.tsx';

/** Failed calls, each with its message, until dismissed. */
export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  const dismiss = useUi((s) => s.dismissToast);
  return (
    <div className="toasts" role="region" aria-label="Messages">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast" role="alert" data-error-code={toast.code ?? undefined}>
          <Icon name="alert" className="toast-icon" />
          <p className="toast-message">{toast.message}</p>
          <button type="button" className="icon-button" aria-label="Dismiss message" title="Dismiss" onClick={() => dismiss(toast.id)}>
            <Icon name="close" size={16} />
          </button>
        </div>
      ))}
    </div>
  );
}
