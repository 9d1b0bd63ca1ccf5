import { useTranslation } from 'react-i18next';
import { useUi } from '../store/index.ts';
import { Icon } from './Icon.tsx';

/** Failed calls, each with its message, until dismissed; news for a few seconds. */
export function Toasts() {
  const { t } = useTranslation('common');
  const toasts = useUi((s) => s.toasts);
  const dismiss = useUi((s) => s.dismissToast);
  return (
    <div className="toasts" role="region" aria-label={t('app.messages')}>
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'} data-tone={toast.tone} data-error-code={toast.code ?? undefined}>
          <Icon name={toast.tone === 'info' ? 'check' : 'alert'} className="toast-icon" />
          <p className="toast-message">{toast.message}</p>
          <button type="button" className="icon-button" aria-label={t('app.dismissMessage')} title={t('dismiss')} onClick={() => dismiss(toast.id)}>
            <Icon name="close" size={16} />
          </button>
        </div>
      ))}
    </div>
  );
}
