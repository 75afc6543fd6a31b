import express from 'express';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Array items serialised per turn of the event loop. */
const SLICE = 100;

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether JSON.stringify leaves this property out of an object. */
const omitted = (value: unknown) =>
  value === undefined ||
  typeof value === 'function' ||
  typeof value === 'symbol';

/**
 * The text of JSON.stringify(value), in pieces: the plain objects at the
 * top are walked, and an array among them longer than a slice is written a
 * slice of items at a time, with a turn of the event loop between slices, so that serialising a large answer (a year's calendar, a
 * policy dry-run over hundreds of releases) never holds up the requests
 * waiting behind it — the deploy gate above all.
 */
export async function* jsonPieces(value: unknown): AsyncGenerator<string> {
  if (Array.isArray(value) && value.length > SLICE) {
    for (let i = 0; i < value.length; i += SLICE) {
      // As JSON.stringify writes an array's items: undefined and functions
      // become null.
      const items = value
        .slice(i, i + SLICE)
        .map(item => JSON.stringify(item) ?? 'null');
      yield `${i === 0 ? '[' : ','}${items.join(',')}`;
      await yieldToEventLoop();
    }
    yield ']';
    return;
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    isPlainObject(value) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  ) {
    let first = true;
    yield '{';
    for (const [key, item] of Object.entries(value)) {
      if (omitted(item)) continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* jsonPieces(item);
    }
    yield '}';
    return;
  }
  const text = JSON.stringify(value);
  // Undefined, a function or a symbol at the top has no text.
  if (text !== undefined) yield text;
}

/**
 * Answers `value` as JSON (200 unless set before), streamed with
 * `jsonPieces`; for answers whose size grows with what the caller asks for.
 */
export async function sendJsonInSlices(
  res: express.Response,
  value: unknown,
): Promise<void> {
  res.type('application/json; charset=utf-8');
  let pending = '';
  for await (const piece of jsonPieces(value)) {
    pending += piece;
    if (pending.length >= 64 * 1024) {
      res.write(pending);
      pending = '';
    }
  }
  res.end(pending);
}
