// What every connector shares (electron/connectors: http.ts, request-kinds.ts, public-key-check.ts) and
// the kiosk relay connection (electron/connectors/relay).
const connector = {
  http: {
    stopped: 'Not sent: sync stopped because the kiosk is closing; the request goes at the next start.',
    tooLarge: 'The server at {{host}} sent an answer larger than 1 MiB, which no licence answer needs; check the base URL.',
    timeout: 'The licensing server at {{host}} did not answer within {{seconds}} s; the request may or may not have reached it.',
    tls: "The TLS certificate of {{host}} was not accepted ({{code}}); check the base URL or the machine's trusted certificates.",
    refused: 'The licensing server at {{host}} refused the connection (nothing listens at that address); the request did not reach it.',
    noHost: 'The host name {{host}} does not resolve; the request did not reach the licensing server.',
    failedCode: 'the connection failed ({{code}})',
    failed: 'the connection failed',
    unreachable: 'The licensing server at {{host}} could not be reached: {{reason}}; the request may or may not have reached it.',
  },
  kinds: {
    activate: 'an activation',
    deactivate: 'a deactivation',
    refresh: 'a refresh',
    'license-file': 'a licence file for its key',
  },
  kindRefusal: {
    elsewhere: 'This request asks for {{kind}}, which {{vendor}} connections do not issue; nothing was sent: choose a {{servedBy}} connection for it in the Queue.',
    nowhere: 'This request asks for {{kind}}, which {{vendor}} connections do not issue; nothing was sent: no connection type of this kiosk serves it.',
    or: ' or ',
  },
  publicKey: {
    name: 'Public key',
    problem: '{{what}}: {{problem}}.',
  },
  relay: {
    names: { connection: 'kiosk relay', request: 'a kiosk relay' },
    verifies:
      "Every answer again on this kiosk with the vendor keys the relay named at enrolment (each vendor's own checks), so a relay cannot forge an artifact; calls to the relay are signed with this kiosk's own key.",
    artifacts: "As the vendor's own connection names them.",
    noSeatReturn:
      "Seat returns for a device that is not here do not go through the company's relay yet: ask the relay's operator to return the seat, or bring the device's own deactivation request.",
    secret: 'enrolment code',
    enrolUnreadable: 'The relay answered the enrolment in a form this kiosk does not read; check the relay address.',
    notEnrolled: 'This kiosk is not enrolled with the relay: enter a new enrolment code from your relay operator in Settings.',
    noConnection: 'The relay named no connection for you when this kiosk enrolled; ask your relay operator to allow one, then connect to the relay again.',
    noVendorConnection: 'The relay named no {{vendor}} connection for you when this kiosk enrolled; ask your relay operator to allow one, then connect to the relay again.',
    artifactInvalid: "The relay's answer does not hold with the {{vendor}} keys this kiosk pinned at enrolment ({{problem}}); nothing was stored. Tell your relay operator.",
    checkedAgain: 'Checked again on this kiosk with the vendor key pinned at enrolment.',
    releaseNote: "The vendor does not sign seat releases, so the relay's word is taken for it.",
    through: 'Through the relay ({{name}}): {{note}} {{after}}',
    checks: { enrolment: 'Enrolment', relay: 'Relay' },
    notEnrolledYet: 'Not enrolled yet: save the connection with the enrolment code from your relay operator.',
    status: 'The relay answered HTTP {{status}}.',
    enrolled: 'Enrolled as {{engineer}}; connections you may use: {{connections}}.',
    none: 'none',
    recheck: {
      notSigned: 'it is not a signed licence answer ({{reason}})',
      signatureBad: "its signature does not verify with the vendor's public key",
      notLicenseFile: "it is not a licence file signed with the account's verify key",
      notMachineFile: "it is not a machine file signed with the account's verify key",
      notOfflineResponse: 'it is not a signed offline response',
      noProductKey: 'the relay named no product public key for this connection at enrolment, so its answer cannot be checked',
      notBase64: 'it is not a licence file in base64',
      failed: 'it could not be checked ({{problem}})',
    },
  },
};
export default connector;
