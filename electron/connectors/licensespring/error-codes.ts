// Every error code LicenseSpring's License API documents for the offline calls and their
// authorization ("Error responses", "API Key Authorization", the activate/deactivate offline pages),
// each with a sentence for the engineer and whether waiting can help. Classified by code, not by
// status: the docs give signature_mismatch as 400 on one page and 401 on another.
export interface CodeMeaning {
  retryable: boolean;
  sentence: string;
}

const CLOCK = "This usually means the laptop's clock is wrong: set it to the correct time (automatic time), then retry.";

export const LICENSESPRING_CODES: Record<string, CodeMeaning> = {
  // Refusals of the licence itself.
  license_activated_max_times: { retryable: false, sentence: 'The licence is already activated on as many devices as it allows; deactivate another device or ask the vendor for more activations.' },
  license_not_enabled: { retryable: false, sentence: 'The licence is disabled in LicenseSpring; the vendor must enable it before this device can be activated.' },
  license_not_active: { retryable: false, sentence: 'The licence is not active in LicenseSpring; the vendor must activate it before this device can be served.' },
  license_not_found: { retryable: false, sentence: 'LicenseSpring knows no licence with this key for this product; check the key on the device and the product it asks for.' },
  trial_expired: { retryable: false, sentence: 'The trial period for this device has expired; the vendor must issue a full licence.' },
  license_key_required: { retryable: false, sentence: 'The request file names no licence key, which this licence needs; make a new request on the device with the key.' },
  device_not_found: { retryable: false, sentence: 'LicenseSpring has no active device with this hardware id on the licence: it is already deactivated, or was never activated.' },
  blacklisted: { retryable: false, sentence: 'LicenseSpring refuses this device: its hardware id is blacklisted; ask the vendor.' },
  // The product.
  unknown_product: { retryable: false, sentence: 'LicenseSpring knows no product with the code the device asks for; check the product code configured on the device.' },
  archived_product: { retryable: false, sentence: 'The product is archived in LicenseSpring; the vendor must restore it before devices can be activated.' },
  disabled_product: { retryable: false, sentence: 'The product is disabled in LicenseSpring; the vendor must enable it.' },
  api_key_product_not_allowed: { retryable: false, sentence: "The connection's API key may not activate this product; use an API key that covers it (Settings)." },
  // The request file.
  missing_content: { retryable: false, sentence: 'LicenseSpring received an empty request; the request file is empty or damaged: capture it again from the device.' },
  validation_error: { retryable: false, sentence: 'LicenseSpring did not accept the request file' },
  invalid_json: { retryable: false, sentence: 'LicenseSpring could not read the request file as JSON; it is damaged: capture it again from the device.' },
  missing_parameters: { retryable: false, sentence: 'The request file lacks data LicenseSpring needs; make a new request on the device.' },
  missing_hardware_id: { retryable: false, sentence: 'The request file names no hardware id; make a new request on the device.' },
  // Authorization (the connection's Settings, or the clock).
  signature_mismatch: { retryable: false, sentence: `LicenseSpring did not accept the request's signature: the shared key in Settings is wrong, the request file was made for another company, or the clocks disagree. ${CLOCK}` },
  date_header_diff: { retryable: false, sentence: `LicenseSpring refused the request because the laptop's time differs too much from its own. ${CLOCK}` },
  invalid_api_key: { retryable: false, sentence: 'LicenseSpring does not know the API key in Settings; enter it again from the LicenseSpring settings page.' },
  revoked_api_key: { retryable: false, sentence: "The connection's API key has been revoked in LicenseSpring; create a new one and enter it in Settings." },
  read_only_api_key: { retryable: false, sentence: "The connection's API key is read-only and cannot activate or deactivate; enter a key with write access in Settings." },
  hmac_required: { retryable: false, sentence: 'LicenseSpring requires HMAC-signed requests and did not see one; this is a kiosk fault: report it.' },
  authorization_invalid_headers: { retryable: false, sentence: "LicenseSpring found the kiosk's Authorization header malformed; check the API key in Settings for stray characters." },
  authorization_missing_params: { retryable: false, sentence: "LicenseSpring found the kiosk's Authorization header incomplete; check the API key in Settings." },
  missing_headers: { retryable: false, sentence: 'LicenseSpring says a required header is missing (Date or Authorization); a proxy between the laptop and LicenseSpring may strip it.' },
  // The address and the service.
  not_found: { retryable: false, sentence: 'The address answers that this API path does not exist; check the base URL in Settings (https://api.licensespring.com).' },
  internal_error: { retryable: true, sentence: 'LicenseSpring had an internal error; the kiosk retries later.' },
};
