// The contract's words (shared/api): why a call's input is refused (read when the check fails, so in
// the language of that moment), the request states' labels, the sync summary, the http warnings.
const contract = {
  invalidInput: 'invalid input',
  /** A refusal naming the field it is about. */
  fieldProblem: '{{problem}} ({{path}})',
  ids: {
    request: 'a request id is 64 hex characters',
    export: 'an export id is 8 to 64 letters, digits or dashes',
    visit: 'a visit id is a UUID',
  },
  licenceKey: {
    empty: 'enter the licence key',
    tooLong: 'a licence key is at most 16 KiB',
    spaces: 'a licence key has no spaces, line breaks or control characters: paste the key alone',
    control: 'the licence key contains control characters',
  },
  seatReturn: {
    reasonShort: 'say why the seat is returned (at least 3 characters, e.g. "controller dead, replaced")',
    reasonLong: 'the reason is at most 500 characters',
    reasonControl: 'the reason contains control characters',
    connection: 'choose the connection',
    deviceEmpty: "enter the device's id (machine id, fingerprint or hardware id)",
    deviceLong: 'a device id is at most 4,096 characters',
    deviceControl: 'the device id contains line breaks or control characters: paste the id alone',
    productLong: 'a product code is at most 256 characters',
    productSpaces: 'a product code has no spaces or control characters',
  },
  label: {
    tooLong: 'the label is at most 60 characters',
    control: 'the label contains control characters',
  },
  visit: {
    customer: {
      empty: 'enter the customer',
      tooLong: 'the customer is at most {{max}} characters',
      control: 'the customer contains control characters',
    },
    site: {
      empty: 'enter the site',
      tooLong: 'the site is at most {{max}} characters',
      control: 'the site contains control characters',
    },
    ticket: {
      empty: 'enter the ticket or work-order number',
      tooLong: 'the ticket or work-order number is at most {{max}} characters',
      control: 'the ticket or work-order number contains control characters',
    },
  },
  pin: 'the PIN is 4 to 12 digits',
  choose: {
    file: 'choose at least one file',
    request: 'choose at least one request',
    response: 'choose at least one response',
    backup: 'choose one of the listed backups',
  },
  atMost: {
    files: 'at most {{max}} files at once',
    thousandRequests: 'at most 1,000 requests at once',
    requests: 'at most {{max}} requests at once',
    answers: 'at most {{max}} answers in one export',
    rows: 'a list returns at most {{max}} rows at once; ask for the next ones with offset',
    watchedFolders: 'at most {{max}} watched folders',
  },
  connectionName: {
    empty: 'give the connection a name',
    tooLong: 'a name is at most 100 characters',
    control: 'the name contains control characters',
  },
  startFresh: 'confirm that the kiosk starts with an empty database',
  engineer: {
    nameEmpty: 'enter your name',
    nameLong: 'the name is at most 80 characters',
    nameControl: 'the name contains control characters',
    idLong: 'the engineer id is at most 40 characters',
    idControl: 'the engineer id contains control characters',
  },
  isoDay: 'a date is written YYYY-MM-DD',
  search: 'the search is at most 200 characters',
  stick: {
    path: 'name the stick or folder',
    folder: 'enter a folder',
  },
  connection: {
    baseUrl: 'the base URL must start with http:// or https://',
    tokenLong: 'a token is at most 4096 characters',
    tokenSpaces: 'the token contains spaces or control characters',
  },
  vendors: {
    genericPem: 'paste the vendor public key in PEM form (-----BEGIN PUBLIC KEY-----)',
    cryptlexValidity: 'a response stays valid at least 60 seconds',
    cryptlexPem: 'paste the product public key in PEM form (-----BEGIN PUBLIC KEY-----), or leave it empty',
    keygenKey:
      "the account's verify key is the 64-character Ed25519 hex key, or a PEM public key (-----BEGIN PUBLIC KEY-----) for RSA or ECDSA (Keygen → Settings → Public keys)",
    keygenTtl: 'a machine file lives at least 3600 seconds',
    keygenSkewMin: 'the allowed clock difference is 0 seconds or more',
    keygenSkewMax: 'the allowed clock difference is at most 86400 seconds (one day)',
    keygenVerify:
      "Keygen signs its answers with the account's Ed25519 key, and this connection holds an RSA or ECDSA key, which cannot check them: enter the Ed25519 key (Keygen → Settings → Public keys), or turn response checking off",
    licensespringSecret: 'enter both the API key and the shared key (8 to 256 characters each, no spaces), or neither to keep the saved ones',
    licensespringPem: "paste LicenseSpring's server public key in PEM form (-----BEGIN PUBLIC KEY-----)",
    relayCodeLong: 'an enrolment code is at most 64 characters',
    relayCodeChars: 'an enrolment code has letters, digits and dashes only',
  },
  /** What each request state means, in the words the UI uses. */
  /** "A sync pass ended": the desktop notification and the in-window toast. */
  syncFinished: {
    title: 'Sync finished',
    titleProblems: 'Sync finished with problems',
    titleSome: 'Sync finished, some need attention',
    readyFailed_one: '{{fulfilled, number}} of {{count, number}} request ready to deliver; {{failed, number}} waiting to retry or refused.',
    readyFailed_other: '{{fulfilled, number}} of {{count, number}} requests ready to deliver; {{failed, number}} waiting to retry or refused.',
    readyOnly_one: '{{fulfilled, number}} of {{count, number}} request ready to deliver.',
    readyOnly_other: '{{fulfilled, number}} of {{count, number}} requests ready to deliver.',
  },
  /** Plain http:// to a remote server (shared/api/api-address.ts). */
  clearText: {
    risk: 'Unencrypted http: anyone on the network between this laptop and the server (Wi-Fi, proxy, hotel network) can read the API token and licence keys sent to it and change its answers, for example report a seat released that was not.',
    refusal:
      '{{host}} would be reached over unencrypted http://, which the kiosk allows only for this computer (localhost): use https://, or choose "Allow unencrypted http" for this connection if that server cannot do TLS.',
    waits:
      'The connection "{{name}}" sends to {{host}} over unencrypted http://, which the kiosk no longer does: change its base URL to https:// in Settings (or allow unencrypted http there); the request waits until then.',
  },
};
export default contract;
