// Reads a text/event-stream body chunk by chunk (the web host's events arrive over fetch, which can
// send the session header; EventSource cannot). Only `event:` and `data:` fields matter here.

export type StreamEventHandler = (event: string, data: string) => void;

/** Returns a function to feed decoded text to; it calls `onEvent` for each complete event. */
export function eventStreamParser(onEvent: StreamEventHandler): (text: string) => void {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  return (text) => {
    buffer += text;
    // The last piece may be half a line, and a trailing \r half of a \r\n: keep them for the next chunk.
    const cut = buffer.endsWith('\r') ? buffer.length - 1 : buffer.length;
    const lines = buffer.slice(0, cut).split(/\r\n|\r|\n/);
    buffer = (lines.pop() ?? '') + buffer.slice(cut);
    for (const line of lines) {
      if (line === '') {
        if (data.length) onEvent(event || 'message', data.join('\n'));
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
  };
}
