// One vendor's part of the Settings form: its name and help, its own fields, and how they map to the
// connection view and the contract's input. Each vendor has one (./<vendor>-form.tsx), listed in
// ./registry.ts; SettingsScreen iterates over the list instead of naming vendors.
import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { CallInput, ConnectionVendor, ConnectionView } from '../../../shared/api/contract.ts';

/** The fields every connection has, as the form sends them. */
export interface CommonInput {
  id?: string;
  name: string;
  baseUrl: string;
  allowInsecureHttp: boolean;
  secret?: string;
}

export type SettingsOf<V extends ConnectionVendor> = Extract<ConnectionView, { vendor: V }>['settings'];

export interface VendorFieldsProps<F> {
  fields: F;
  change: <K extends keyof F>(field: K, value: F[K]) => void;
  /** Sentences for this vendor's fields, by field name (the contract's input field names). */
  errors: Partial<Record<string, string>>;
}

export interface VendorForm<V extends ConnectionVendor = ConnectionVendor, F = unknown> {
  vendor: V;
  label: string;
  /** One sentence under the vendor choice: what this kind of connection is for. */
  help: string;
  baseUrl: { hint: string; placeholder: string };
  /** The secret it takes (label and hint), or null when it takes none. */
  secret: { label: string; hint: string } | null;
  /** The contract's input schema: the form shows its sentences beside the fields. */
  schema: z.ZodType;
  empty: F;
  fromView(settings: SettingsOf<V>): F;
  toInput(common: CommonInput, fields: F): CallInput<'saveConnection'>;
  Fields(props: VendorFieldsProps<F>): ReactNode;
}

/** A form as the registry holds it, its field type erased: SettingsScreen keeps each vendor's fields under its id. */
export function listedForm<V extends ConnectionVendor, F>(form: VendorForm<V, F>): VendorForm {
  return form as unknown as VendorForm;
}

/** The placeholder of a PEM key field: the format's own armour lines. */
// ui-text-ok: the PEM format's own tokens
export const PEM_PLACEHOLDER = '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----';

/** A number field's value; undefined when left empty. */
export const wholeNumber = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v.trim()));
