// Opens a response as a QR code on screen, for devices that read it with their camera.
import { Icon } from '../components/Icon.tsx';
import { useQrDelivery } from '../store/qr-delivery.ts';

export function ShowQrButton({ id, device, small = false, tabIndex }: { id: string; device: string; small?: boolean; tabIndex?: number }) {
  const show = useQrDelivery((s) => s.show);
  const opening = useQrDelivery((s) => s.opening);
  return (
    <button
      type="button"
      className={`button${small ? ' button-small' : ''}`}
      aria-label={`Show as QR: the response for ${device}`}
      disabled={opening !== null}
      data-testid="show-qr"
      tabIndex={tabIndex}
      onClick={() => void show(id)}
    >
      <Icon name="qr" size={16} className={opening === id ? 'pulse' : undefined} /> Show as QR
    </button>
  );
}
