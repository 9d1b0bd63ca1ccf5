import { useUi } from '../store/index.ts';

/** Shown while the event stream to the kiosk service is down; it reconnects by itself. */
export function LinkBanner() {
  const lost = useUi((s) => s.linkLost);
  return (
    <div role="status" className={lost ? 'link-banner' : 'visually-hidden'} data-testid="link-banner">
      {lost ? 'Lost contact with the kiosk service — reconnecting…' : ''}
    </div>
  );
}
