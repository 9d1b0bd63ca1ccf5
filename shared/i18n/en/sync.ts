// The sync engine: what it writes on a request's history and in the status bar.
const sync = {
  noConnection: 'No licensing connection yet: choose one in Settings.',
  unreachable: '{{names}} cannot be reached; its requests wait and nothing is lost.',
  expired: 'The request expired at {{at, time}}; it was not sent',
  sending: 'Attempt {{attempt}}: sending to {{connection}}',
  interrupted: 'Interrupted before the server applied it; it will be sent again',
  reconciled: 'Interrupted earlier; {{note}}',
  fulfilled: '{{note}} Ready to deliver as {{file}}',
  willRetry: '{{message}} Next try after {{at, timeSeconds}}',
  unexpected: 'Unexpected error while talking to the licensing API ({{problem}}).',
};
export default sync;
