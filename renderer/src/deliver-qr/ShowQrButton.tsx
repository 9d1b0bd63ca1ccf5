// Opens a response as a QR code on screen, for devices that read it with their camera.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';
import { useQrDelivery } from '../store/qr-delivery.ts';

export function ShowQrButton({ id, device, small = false, tabIndex }: { id: string; device: string; small?: boolean; tabIndex?: number }) {
  const { t } = useTranslation('lists');
  const show = useQrDelivery((s) => s.show);
  const opening = useQrDelivery((s) => s.opening);
  return (
    <button
      type="button"
      className={`button${small ? ' button-small' : ''}`}
      aria-label={t('qr.showAsQrLabel', { device })}
      disabled={opening !== null}
      data-testid="show-qr"
      tabIndex={tabIndex}
      onClick={() => void show(id)}
    >
      <Icon name="qr" size={16} className={opening === id ? 'pulse' : undefined} /> {t('qr.showAsQr')}
    </button>
  );
}
