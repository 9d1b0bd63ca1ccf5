// The Capture screen's "Return a seat": a dead or replaced device whose activation is not in this
// kiosk's queue. The engineer picks the connection and types the licence key and the device's id (and
// LicenseSpring's product code); the same two confirmations as from a request's detail follow, and main
// builds and queues the seat return (returnSeat) or says why the vendor cannot release it without the device.
import { useEffect, useState, type FormEvent } from 'react';
import { calls, type ConnectionView } from '../../../shared/api/contract.ts';
import { maskLicenseKey } from '../../../shared/formats/license-key.ts';
import { Icon } from '../components/Icon.tsx';
import { kiosk } from '../kiosk-client.ts';
import { errorMessage } from '../store/ui.ts';
import { SeatReturnConfirm } from './SeatReturnConfirm.tsx';
import { sentence } from './sentence.ts';
import './seats.css';

export function SeatReturnPanel() {
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
      setProblem(sentence(checked.error.issues[0]?.message ?? 'a field is not valid'));
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
          <h2 id="seat-return-title">Return a seat</h2>
          <p className="muted" id="seat-return-help">
            For a device that died or was replaced: the vendor frees its seat without the device. Enter its licence key and its id (machine id, fingerprint or
            hardware id). The return is queued like any request and goes at the next sync. A seat activated through this kiosk can also be returned from its
            request in the Queue.
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
          <label htmlFor="seat-return-connection">Connection</label>
          <select id="seat-return-connection" value={connectionId} onChange={(event) => setConnectionId(event.currentTarget.value)}>
            {connections.length === 0 ? <option value="">No connection yet: add one in Settings</option> : null}
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <label htmlFor="seat-return-key">The device&rsquo;s licence key</label>
          <input id="seat-return-key" type="text" className="mono" spellCheck={false} autoComplete="off" aria-describedby="seat-return-help seat-return-form-status" value={licenseKey} onChange={(event) => setLicenseKey(event.currentTarget.value)} />
          <label htmlFor="seat-return-device">The device&rsquo;s id</label>
          <input id="seat-return-device" type="text" className="mono" spellCheck={false} autoComplete="off" value={deviceId} onChange={(event) => setDeviceId(event.currentTarget.value)} />
          <label htmlFor="seat-return-product">Product code (LicenseSpring only)</label>
          <input id="seat-return-product" type="text" spellCheck={false} autoComplete="off" value={product} onChange={(event) => setProduct(event.currentTarget.value)} />
          <label htmlFor="seat-return-label">Device name (optional)</label>
          <input id="seat-return-label" type="text" maxLength={60} autoComplete="off" placeholder="e.g. Press line 4 controller" value={label} onChange={(event) => setLabel(event.currentTarget.value)} />
          <div className="paste-actions">
            <div id="seat-return-form-status" role="status" aria-live="polite" data-testid="seat-return-form-status">
              {problem ? <p className="note note-bad">{problem}</p> : done ? <p className="note note-good">{done}</p> : null}
            </div>
            <button type="submit" className="button button-primary" disabled={connections.length === 0}>
              Return this device&rsquo;s seat…
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
