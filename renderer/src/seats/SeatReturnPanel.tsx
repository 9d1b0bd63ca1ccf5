// The Capture screen's "Return a seat": a dead or replaced device whose activation is not in this
// kiosk's queue. The engineer picks the connection and types the licence key and the device's id (and
// LicenseSpring's product code); the same two confirmations as from a request's detail follow, and main
// builds and queues the seat return (returnSeat) or says why the vendor cannot release it without the device.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { calls, type ConnectionView } from '../../../shared/api/contract.ts';
import { maskLicenseKey } from '../../../shared/formats/license-key.ts';
import { Icon } from '../components/Icon.tsx';
import { kiosk } from '../kiosk-client.ts';
import { errorMessage } from '../store/ui.ts';
import { SeatReturnConfirm } from './SeatReturnConfirm.tsx';
import { sentence } from './sentence.ts';
import './seats.css';

export function SeatReturnPanel() {
  const { t } = useTranslation('lists');
  const [connections, setConnections] = useState<ConnectionView[]>([]);
  const [connectionId, setConnectionId] = useState('');
  const [licenseKey, setLicenseKey] = useState('');
  const [deviceId, setDeviceId] = useState('');
  const [product, setProduct] = useState('');
  const [label, setLabel] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    kiosk()
      .listConnections({})
      .then((list) => {
        setConnections(list);
        setConnectionId((id) => id || (list.find((c) => c.isDefault) ?? list[0])?.id || '');
      })
      .catch((error: unknown) => setProblem(sentence(errorMessage(error))));
  }, []);

  const fields = () => ({ connectionId, licenseKey, deviceId, ...(product.trim() ? { product } : {}), ...(label.trim() ? { label } : {}) });

  // The contract's rules here, then main's (the vendor, the key's and id's forms) before the confirmations: a bad field gets its sentence first.
  const begin = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setDone(null);
    const checked = calls.checkSeatReturn.input.safeParse(fields());
    if (!checked.success) {
      setProblem(sentence(checked.error.issues[0]?.message ?? t('seats.invalidField')));
      return;
    }
    try {
      const verdict = await kiosk().checkSeatReturn(fields());
      setProblem(verdict.ok ? null : verdict.message);
      setConfirming(verdict.ok);
    } catch (error) {
      setProblem(sentence(errorMessage(error)));
    }
  };

  return (
    <section className="card text-capture seat-return-form" aria-labelledby="seat-return-title" data-testid="seat-return-panel">
      <div className="text-capture-scanner">
        <Icon name="file" size={22} className="text-capture-icon" />
        <div>
          <h2 id="seat-return-title">{t('seats.panelTitle')}</h2>
          <p className="muted" id="seat-return-help">
            {t('seats.panelHelp')}
          </p>
        </div>
      </div>
      {confirming ? (
        <SeatReturnConfirm
          device={label.trim() || deviceId.trim()}
          licence={maskLicenseKey(licenseKey.trim())}
          send={(reason) => kiosk().returnSeat({ from: 'typed', ...fields(), reason })}
          onClose={(result) => {
            setConfirming(false);
            if (result) {
              setDone(result.message);
              setLicenseKey('');
              setDeviceId('');
              setProduct('');
              setLabel('');
            }
          }}
        />
      ) : (
        <form className="paste-form" onSubmit={(event) => void begin(event)} noValidate>
          <label htmlFor="seat-return-connection">{t('seats.connection')}</label>
          <select id="seat-return-connection" value={connectionId} onChange={(event) => setConnectionId(event.currentTarget.value)}>
            {connections.length === 0 ? <option value="">{t('seats.noConnection')}</option> : null}
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <label htmlFor="seat-return-key">{t('seats.licenceKey')}</label>
          <input id="seat-return-key" type="text" className="mono" spellCheck={false} autoComplete="off" aria-describedby="seat-return-help seat-return-form-status" value={licenseKey} onChange={(event) => setLicenseKey(event.currentTarget.value)} />
          <label htmlFor="seat-return-device">{t('seats.deviceId')}</label>
          <input id="seat-return-device" type="text" className="mono" spellCheck={false} autoComplete="off" value={deviceId} onChange={(event) => setDeviceId(event.currentTarget.value)} />
          <label htmlFor="seat-return-product">{t('seats.product')}</label>
          <input id="seat-return-product" type="text" spellCheck={false} autoComplete="off" value={product} onChange={(event) => setProduct(event.currentTarget.value)} />
          <label htmlFor="seat-return-label">{t('seats.label')}</label>
          <input id="seat-return-label" type="text" maxLength={60} autoComplete="off" placeholder={t('seats.labelPlaceholder')} value={label} onChange={(event) => setLabel(event.currentTarget.value)} />
          <div className="paste-actions">
            <div id="seat-return-form-status" role="status" aria-live="polite" data-testid="seat-return-form-status">
              {problem ? <p className="note note-bad">{problem}</p> : done ? <p className="note note-good">{done}</p> : null}
            </div>
            <button type="submit" className="button button-primary" disabled={connections.length === 0}>
              {t('seats.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
