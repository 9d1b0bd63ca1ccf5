import { useTranslation } from 'react-i18next';
import { useUi } from '../store/index.ts';

/** Shown while the event stream to the kiosk service is down; it reconnects by itself. */
export function LinkBanner() {
  const { t } = useTranslation('common');
  const lost = useUi((s) => s.linkLost);
  return (
    <div role="status" className={lost ? 'link-banner' : 'visually-hidden'} data-testid="link-banner">
      {lost ? t('app.linkLost') : ''}
    </div>
  );
}
