// What the kiosk knows about one vendor, in one place: its settings, how a connection input becomes
// stored settings, how its connector is built, what the renderer sees, which requests it serves and
// what it verifies. Each vendor's folder exports one (./<vendor>/descriptor.ts), listed in
// ./registry.ts; the core, the store, routing and Settings iterate instead of naming vendors.
import type { ConnectionInput, ConnectionVendor, ConnectionView } from '../../shared/api/contract.ts';
import type { RequestFormat, RequestKind, VendorHint } from '../../shared/formats/request.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { TransportSettings } from '../store/connection-store.ts';
import type { SignedKeyCheck } from './keygen/signed-key.ts';
import type { CallGate, Connector } from './types.ts';

export type InputOf<V extends ConnectionVendor> = Extract<ConnectionInput, { vendor: V }>;
/** The vendor's part of its connection view: its id and its settings as the renderer sees them. */
export type VendorViewOf<V extends ConnectionVendor> = V extends ConnectionVendor ? Pick<Extract<ConnectionView, { vendor: V }>, 'vendor' | 'settings'> : never;

/** What a connector is built with besides the settings. */
export interface ConnectorPorts {
  /** Hands out the connection's token under `secretId` (only for the origin it was entered for). */
  secrets: SecretStore;
  secretId: string;
  /** A narrower token for lookups only, under this id (the relay's `lookupSecret`); absent: `secretId` looks up too. */
  lookupSecretId?: string;
  /** The connection's rate limiter; absent for a one-off test. */
  gate?: CallGate;
}

export interface VendorDescriptor<V extends ConnectionVendor = ConnectionVendor, S extends TransportSettings = TransportSettings> {
  id: V;
  /** How sentences name it: "Needs a Keygen connection", "This request is for Keygen". */
  names: { connection: string; request: string };
  /** One sentence for Settings and the README: what the kiosk checks before a response is delivered. */
  verifies: string;
  /** How its exported files are named. */
  artifacts: string;
  /** The requests that must go to a connection of this vendor: by form, or by the vendor named inside a kiosk envelope. */
  serves: { formats: readonly RequestFormat[]; hints: readonly VendorHint[] };
  /** The kinds of request it serves; left out, the machine kinds (request-kinds.ts MACHINE_KINDS). */
  kinds?: readonly RequestKind[];
  /**
   * Whether its API releases a device's seat without the device (licence key + device id, for a dead or
   * replaced device), and what it needs besides them; else the sentence saying why not.
   */
  seatReturn: { supported: true; needsProduct?: boolean; problem?(licenseKey: string, deviceId: string): string | null } | { supported: false; why: string };
  /** The vendor name a response envelope carries (ur:kiosk-response). */
  envelopeVendor: string;
  /** The secret it takes, what it is called, and whether these settings send it. */
  secret: {
    name: string;
    needed(settings: S): boolean;
    /** The pieces a secret entry holding several keys is made of: each is masked on its own as well. */
    parts?(secret: string): string[];
  } | null;
  /**
   * A second token it takes only for lookups (Cryptlex: license:read to resolve licence keys to ids),
   * so the activation token needs no read scope; the relay stores it (connection add --lookup-secret-stdin).
   */
  lookupSecret?: { name: string };
  /** Saving a new connection of this vendor without an id edits the one there is (the original single-connection behaviour). */
  single: boolean;
  /** Its settings before anything is entered (shared/api/vendors/<vendor>.ts): what `toSaved` falls back to, with an empty address. */
  defaults: S;
  /** Refuses an input main must check further than its schema (a key that does not import), with a sentence. */
  check(input: InputOf<V>): Promise<void>;
  /** The stored settings for an input; values the input leaves out are kept from `previous`, else the defaults. */
  toSaved(input: InputOf<V>, previous: S | null, transport: TransportSettings): S;
  connector(settings: S, ports: ConnectorPorts): Connector;
  /**
   * Turns the secret typed in Settings into what is stored, at save (the relay: a one-time enrolment
   * code into this kiosk's own signing key, and the vendor keys the relay named); null keeps `settings`.
   */
  exchangeSecret?(secret: string, settings: S): Promise<{ settings: S; secret: string }>;
  /** The vendors whose requests a connection with these settings carries besides its own (a relay: those it pinned). */
  carries?(settings: S): readonly ConnectionVendor[];
  /** Its own limit on a licence key entered in the Queue, when shorter than the kiosk's. */
  maxLicenseKeyChars?: number;
  /** 'upper': its keys ignore case and are written in capitals, so a typed key is uppercased; absent: the case is the key's own and kept. */
  licenseKeyCase?: 'upper';
  /** Checks a licence key that carries its own signature (Keygen signed keys) with these settings' verify key; null when the key is not of that kind. */
  checkLicenseKey?(licenseKey: string, settings: S | null, source: string): SignedKeyCheck | null;
  view(settings: S): VendorViewOf<V>;
}

/** The fields of `settings` a view schema names, and nothing else (stored rows may hold more). */
export function pickFields<T extends object>(shape: Record<keyof T, unknown>, settings: object): T {
  const source = settings as Record<string, unknown>;
  return Object.fromEntries(Object.keys(shape).map((key) => [key, source[key]])) as T;
}

/**
 * A descriptor as the registry holds it, its own input and settings types erased: the core always picks
 * the descriptor by the connection's or the input's `vendor`, so what it hands in is of that vendor.
 */
export function listed<V extends ConnectionVendor, S extends TransportSettings>(descriptor: VendorDescriptor<V, S>): VendorDescriptor {
  return descriptor as unknown as VendorDescriptor;
}
