// The page's reader of the web host's event stream: events split anywhere across chunks, any line
// ending, comments (the host's keep-alives) skipped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventStreamParser } from '../../renderer/src/event-stream.ts';

const STREAM = ': connected\n\nevent: requestsChanged\ndata: {"ids":["a"]}\n\n: keep-alive\n\nevent: statusChanged\r\ndata: {"paused":true}\r\n\r\nevent: syncFinished\rdata: line one\rdata: line two\r\r';
const EXPECTED = [
  ['requestsChanged', '{"ids":["a"]}'],
  ['statusChanged', '{"paused":true}'],
  ['syncFinished', 'line one\nline two'],
];

test('events come out whole however the stream is cut into chunks', () => {
  for (let size = 1; size <= STREAM.length; size++) {
    const events: string[][] = [];
    const feed = eventStreamParser((event, data) => events.push([event, data]));
    for (let at = 0; at < STREAM.length; at += size) feed(STREAM.slice(at, at + size));
    // A trailing \r may be half of \r\n: the last event is complete once anything follows it.
    feed(': keep-alive\n\n');
    assert.deepEqual(events, EXPECTED, `chunks of ${size}`);
  }
});

test('an event not yet ended by a blank line is held back', () => {
  const events: string[][] = [];
  const feed = eventStreamParser((event, data) => events.push([event, data]));
  feed('event: requestsChanged\ndata: {}\n');
  assert.deepEqual(events, []);
  feed('\n');
  assert.deepEqual(events, [['requestsChanged', '{}']]);
});
