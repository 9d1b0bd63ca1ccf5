const help = {
  title: 'How the kiosk works',
  close: 'Close',
  keyboard: 'Keyboard',
  /** The four steps of the flow, in order. */
  flow: {
    capture: { step: 'Capture', text: 'Take the device’s activation request: camera, hand-held scanner, a file from the USB stick, or pasted text.' },
    queue: { step: 'Queue', text: 'The kiosk keeps every request and sends it to the licensing service whenever the laptop is online. Nothing is lost offline.' },
    deliver: { step: 'Deliver', text: 'Give the verified answer back to the device: as a file on the stick, or as a QR code the device reads from the screen.' },
    prove: { step: 'Prove', text: 'Each step is recorded; a device’s receipt confirms the answer was applied.' },
  },
  /** What the engineer can press, by where it works: the keys as printed on the keyboard, and what they do. */
  shortcuts: {
    anywhere: {
      title: 'Anywhere',
      screens: { keys: 'Alt+1 … Alt+5', what: 'Capture, Queue, Deliver, Settings, Audit' },
      help: { keys: '? or F1', what: 'This help' },
      close: { keys: 'Esc', what: 'Close a panel or this help' },
    },
    capture: {
      title: 'Capture',
      scanner: { keys: 'Hand-held scanner', what: 'Scan anywhere on this screen: the request is read as it arrives' },
      add: { keys: 'Ctrl+Enter', what: 'Add the pasted text' },
      choose: { keys: 'Enter or Space', what: 'Choose files (on the drop area)' },
    },
    lists: {
      title: 'Queue and Deliver lists',
      move: { keys: '↑ ↓ Home End PgUp PgDn', what: 'Move through the rows' },
      open: { keys: 'Enter', what: 'Open the request' },
      select: { keys: 'Space, Shift+click, Ctrl+click', what: 'Select one, a range, or more' },
      all: { keys: 'Ctrl+A', what: 'Select every row the filter shows' },
    },
    qr: {
      title: 'QR code on screen',
      pause: { keys: 'Space', what: 'Pause or play the animation' },
      speed: { keys: '+ / −', what: 'Faster or slower' },
      density: { keys: '← → (↑ ↓)', what: 'Less or more data per code' },
      delivered: { keys: 'Enter', what: 'Mark delivered (the device took it)' },
      close: { keys: 'Esc', what: 'Close' },
    },
  },
  /** Where a German keyboard names or places a key differently. */
  germanKeyboard: 'On a German keyboard: Ctrl is Strg, Shift is Umschalt, Home and End are Pos1 and Ende, PgUp and PgDn are Bild↑ and Bild↓, and ? is Shift+ß.',
};
export default help;
