import type { Redis } from 'ioredis';
import { compareStreamIds } from './stream-id.js';

/** The stream reader of a store: where it is, and when it stopped. */
export interface StreamReader {
  /** Reads from this id on (exclusive): after a snapshot that holds everything up to it. */
  moveTo(id: string): void;
  /** The last id read (or moved to), undefined before the first synchronisation. */
  readonly cursor: string | undefined;
  /** Resolves once the loop ended (after the store closed). */
  readonly stopped: Promise<void>;
  /**
   * Wakes the loop to see the store closed: a connection that was never ready (a server that is not
   * Redis, one waiting to reconnect) may never say 'ready' or 'end' again.
   */
  stop(): void;
}

/** Entries per read. */
const readCount = 512;

/**
 * Reads the fleet's stream with `XREAD BLOCK` on a dedicated connection, from
 * the last id it read: a reconnection resumes where it stopped, so nothing
 * published meanwhile is missed (what the capped stream no longer holds, the
 * reconciliation brings). Waits for the first {@link StreamReader.moveTo}.
 */
export function readStream(options: {
  reader: Redis;
  key: string;
  blockMs: number;
  onEntry: (json: string) => void;
  onError: (cause: unknown) => void;
  isClosed: () => boolean;
}): StreamReader {
  const { reader } = options;
  let cursor: string | undefined;
  let generation = 0;
  let wake: (() => void) | undefined;

  /** Resolves when something changed that may let the loop go on: a cursor, a connection, closing. */
  const nextChange = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  const poke = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  reader.on('ready', poke);
  reader.on('end', poke);

  const stopped = (async () => {
    let failures = 0;
    while (!options.isClosed()) {
      if (cursor === undefined || reader.status !== 'ready') {
        await nextChange();
        continue;
      }
      const from = cursor;
      const readGeneration = generation;
      try {
        const reply = await reader.xread(
          'COUNT',
          readCount,
          'BLOCK',
          options.blockMs,
          'STREAMS',
          options.key,
          from,
        );
        failures = 0;
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            const json = fields[fields.indexOf('e') + 1];
            if (json !== undefined) options.onEntry(json);
            if (readGeneration === generation && compareStreamIds(id, cursor ?? '0-0') > 0) cursor = id;
          }
        }
      } catch (error) {
        if (options.isClosed()) break;
        options.onError(error);
        failures++;
        // A connection problem: wait for the next 'ready'. Anything else (a reply error): back off.
        if (reader.status !== 'ready') await nextChange();
        else await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** failures, 2_000)).unref());
      }
    }
  })();

  return {
    moveTo(id) {
      cursor = id;
      generation++;
      poke();
    },
    get cursor() {
      return cursor;
    },
    stopped,
    stop: poke,
  };
}
