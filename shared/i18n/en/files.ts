// USB sticks, watched folders and exported answer files.
const files = {
  write: {
    readsBackDifferent: '{{name}} reads back different from what was written',
    readOnly: '{{file}} was not written: {{stick}} is read-only (check its write-protect switch), nothing was changed on it.',
    full: '{{file}} was not written: {{stick}} is full. Free some space on it and write the answers back again.',
    gone: '{{file}} did not get onto {{stick}}: the stick was removed (or failed) during the write. Plug it in again and write the answers back again.',
    other: '{{file}} was not written to {{stick}}: {{problem}}.',
    tooManyFiles: 'too many files named like {{name}} in {{folder}}',
  },
  scan: {
    tooLarge: '"{{name}}" is too large for a request file (over 1 MiB); it was not imported.',
    unreadable: '"{{name}}" could not be read ({{problem}}); if the stick was pulled, plug it in again.',
    changing: '"{{name}}" changed while it was read (is it still being copied?); it was not imported. Import again once the copy has finished.',
    binary: '"{{name}}" is a binary file, not a request the kiosk can read.',
    notRequest: '"{{name}}" is not a request the kiosk can read: {{problem}}.',
  },
  writeBack: {
    device: 'device {{id}}',
    stickGone: '{{stick}} is no longer there: plug the stick in again, then write the answers back.',
    notWritten: '{{file}} was not written: {{reason}}',
    exported: 'Written as {{file}} beside {{request}} on {{stick}} ({{path}}); not yet delivered',
    exportedTo: 'USB stick {{stick}}',
    stopReadOnly: '{{stick}} is read-only.',
    stopRemoved: '{{stick}} was removed.',
    summary: 'Answers written back to {{stick}} ({{path}}): {{written}} written, {{already}} already there, {{notWritten}} not written, {{waiting}} still without an answer.',
    summaryWithProblems: 'Answers written back to {{stick}} ({{path}}): {{written}} written, {{already}} already there, {{notWritten}} not written ({{files}}), {{waiting}} still without an answer.',
    summaryManifest: '{{manifest}} lists the {{count}} answers on it.',
    foreignFile: '{{file}} was not written: a different file of that name is already on {{stick}} and the kiosk did not write it; rename or move it, then write back again.',
  },
  readme: [
    'Licence answers from the Activation Kiosk',
    '',
    'Written to {{stick}} on {{at, fullTime}}: {{count}} answer file(s).',
    '',
    'Each answer sits beside the request file it answers, with the same name and the',
    "vendor's extension (for example press-1.req -> press-1.lic). Load the answer file on",
    'the device that wrote the request, as its manual describes for offline activation.',
    '',
    'manifest.json lists every answer: the request id, the device, the file and its',
    'SHA-256, so you can check that a file arrived whole (sha256sum FILE).',
    '',
  ].join('\n'),
  qr: {
    noVerificationTime: 'the response has no valid verification time',
  },
  bundle: {
    cancelled: 'The export was cancelled.',
    tooManyFolders: 'too many folders named like {{name}} in {{folder}}',
  },
};
export default files;
