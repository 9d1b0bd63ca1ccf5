// Every error code LicenseSpring's License API documents for the offline calls and their
// authorization ("Error responses", "API Key Authorization", the activate/deactivate offline pages),
// each with a sentence for the engineer (licensespring:codes in the catalogues) and whether waiting
// can help. Classified by code, not by status: the docs give signature_mismatch as 400 on one page
// and 401 on another.
import { t } from '../../../shared/i18n/index.ts';

export interface CodeMeaning {
  retryable: boolean;
  /** In the language set at the time it is read. */
  sentence: string;
}

const RETRYABLE = {
  // Refusals of the licence itself.
  license_activated_max_times: false,
  license_not_enabled: false,
  license_not_active: false,
  license_not_found: false,
  trial_expired: false,
  license_key_required: false,
  device_not_found: false,
  blacklisted: false,
  // The product.
  unknown_product: false,
  archived_product: false,
  disabled_product: false,
  api_key_product_not_allowed: false,
  // The request file.
  missing_content: false,
  validation_error: false,
  invalid_json: false,
  missing_parameters: false,
  missing_hardware_id: false,
  // Authorization (the connection's Settings, or the clock).
  signature_mismatch: false,
  date_header_diff: false,
  invalid_api_key: false,
  revoked_api_key: false,
  read_only_api_key: false,
  hmac_required: false,
  authorization_invalid_headers: false,
  authorization_missing_params: false,
  missing_headers: false,
  // The address and the service.
  not_found: false,
  internal_error: true,
} as const;

export type LicenseSpringCode = keyof typeof RETRYABLE;

export const LICENSESPRING_CODES: Record<string, CodeMeaning> = Object.fromEntries(
  (Object.keys(RETRYABLE) as LicenseSpringCode[]).map((code) => [
    code,
    {
      retryable: RETRYABLE[code],
      get sentence() {
        return t(`licensespring:codes.${code}`);
      },
    },
  ]),
);
