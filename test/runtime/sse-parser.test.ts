/** The text/event-stream parser (templates/runtime/sse-parser.ts), table-tested against the format's rules. */
import { describe, expect, it } from 'vitest';
import { EventStreamParser, type RawServerEvent } from '../../templates/runtime/sse-parser.js';

const parse = (chunks: string[]) => {
  const parser = new EventStreamParser();
  const events: RawServerEvent[] = chunks.flatMap((c) => parser.feed(c));
  return { events, lastEventId: parser.lastEventId, retryMs: parser.retryMs };
};

describe('EventStreamParser', () => {
  it.each<[string, string[], RawServerEvent[]]>([
    ['one event', ['data: hello\n\n'], [{ event: 'message', data: 'hello' }]],
    ['no space after the colon', ['data:hello\n\n'], [{ event: 'message', data: 'hello' }]],
    ['only one leading space is dropped', ['data:  two\n\n'], [{ event: 'message', data: ' two' }]],
    ['data lines joined with newlines', ['data: a\ndata: b\n\n'], [{ event: 'message', data: 'a\nb' }]],
    ['a named event', ['event: log\ndata: x\n\n'], [{ event: 'log', data: 'x' }]],
    [
      'the name does not carry over',
      ['event: log\ndata: x\n\ndata: y\n\n'],
      [
        { event: 'log', data: 'x' },
        { event: 'message', data: 'y' },
      ],
    ],
    ['comments are keep-alives', [': ping\n\n', 'data: x\n\n'], [{ event: 'message', data: 'x' }]],
    ['no data: nothing dispatched', ['event: log\n\n'], []],
    ['an empty data line is still data', ['data\n\n'], [{ event: 'message', data: '' }]],
    [
      // A CR at a chunk's end waits for the next chunk (it may be half a CRLF).
      'CRLF and CR line ends',
      ['data: a\r\n\r\ndata: b\r\r', 'data: c\n\n'],
      [
        { event: 'message', data: 'a' },
        { event: 'message', data: 'b' },
        { event: 'message', data: 'c' },
      ],
    ],
    [
      'a chunk split mid-line and mid-CRLF',
      ['da', 'ta: sp', 'lit\r', '\n\r', '\n'],
      [{ event: 'message', data: 'split' }],
    ],
    [
      'the id is kept for later events',
      ['id: 7\ndata: a\n\ndata: b\n\n'],
      [
        { event: 'message', data: 'a', id: '7' },
        { event: 'message', data: 'b', id: '7' },
      ],
    ],
    [
      'an empty id clears it',
      ['id: 7\ndata: a\n\nid\ndata: b\n\n'],
      [
        { event: 'message', data: 'a', id: '7' },
        { event: 'message', data: 'b' },
      ],
    ],
    ['unknown fields are ignored', ['foo: bar\ndata: x\n\n'], [{ event: 'message', data: 'x' }]],
    ['an event without its blank line is not dispatched', ['data: cut'], []],
  ])('%s', (_, chunks, want) => {
    expect(parse(chunks).events).toStrictEqual(want);
  });

  it('takes retry only when it is all digits, and ignores an id with NUL', () => {
    expect(parse(['retry: 2500\n', 'retry: 1s\n', 'id: a\u0000b\n', 'data: x\n\n'])).toStrictEqual({
      events: [{ event: 'message', data: 'x' }],
      lastEventId: undefined,
      retryMs: 2500,
    });
  });
});
