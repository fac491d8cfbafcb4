import { describe, expect, it } from 'vitest';
import type { Fault } from '../fault.js';
import { openaiProtocol } from '../providers/openai-protocol.js';
import type { StreamEvent } from '../providers/provider-protocol.js';
import type { RecordedRequest, RecordedResponse } from '../recorded-request.js';
import { recordingExchange } from '../test-fixtures/recording-exchange.js';
import { PacedStreamWriter, type StreamWriting } from './paced-stream-writer.js';

const events: StreamEvent[] = [
  { role: 'head', wire: 'h;' },
  { role: 'content', wire: 'a;', tokens: 2, text: 'a' },
  { role: 'content', wire: 'b;', tokens: 2, text: 'b' },
  { role: 'content', wire: 'c;', tokens: 2, text: 'c' },
  { role: 'tail', wire: 't;' },
  { role: 'terminator', wire: 'end;' },
];

function writingOf(options: { fault?: Fault; chunkIntervalMs?: number; stopped?: () => boolean } = {}) {
  const { exchange, answered } = recordingExchange();
  const record = { endedAt: undefined } as RecordedRequest;
  const recorded: RecordedResponse = { kind: 'pending', chunks: 0, text: '' };
  const waits: { ms: number; resume: () => void }[] = [];
  const writing: StreamWriting = {
    exchange,
    protocol: openaiProtocol,
    events,
    fault: options.fault,
    answerIds: {
      responseId: '1',
      requestId: 'r',
      toolCallIds: [],
      createdSeconds: 0,
      createdMs: 0,
      latencyMs: 0,
    },
    record,
    recorded,
    pause: (ms, resume) => {
      if (!(ms > 0)) return false;
      waits.push({ ms, resume });
      return true;
    },
    isStopped: options.stopped ?? (() => false),
    firstTokenMs: 300,
    msPerToken: 10,
    chunkIntervalMs: options.chunkIntervalMs ?? 0,
    recording: true,
  };
  /** Ends the waits one after the other, as their timers would. */
  const resumeAll = () => {
    for (let index = 0; index < waits.length; index++) waits[index]?.resume();
  };
  return { writing, waits, resumeAll, answered, record, recorded };
}

describe('PacedStreamWriter', () => {
  describe('run', () => {
    it('writes the head at once, then each event after its time, and ends the stream', async () => {
      const { writing, waits, resumeAll, answered, recorded } = writingOf();
      const done = new PacedStreamWriter(writing).run();
      expect(answered().text).toBe('h;');
      resumeAll();
      await done;
      expect(waits.map((wait) => wait.ms)).toEqual([300, 20, 20]);
      expect(answered().text).toBe('h;a;b;c;t;end;');
      expect(recorded).toMatchObject({ kind: 'stream', chunks: 6, text: 'abc' });
    });

    it('resumes every wait of a stream with one function, not one per wait', async () => {
      const { writing, waits, resumeAll } = writingOf();
      const done = new PacedStreamWriter(writing).run();
      resumeAll();
      await done;
      expect(new Set(waits.map((wait) => wait.resume)).size).toBe(1);
    });

    it('writes content in bursts of chunkIntervalMs, keeping the first token and the end exact', async () => {
      const { writing, waits, resumeAll, answered } = writingOf({ chunkIntervalMs: 30 });
      const done = new PacedStreamWriter(writing).run();
      resumeAll();
      await done;
      // a at 300; b owes 20 (under 30), c brings it to 40: one wait; the tail waits for nothing owed.
      expect(waits.map((wait) => wait.ms)).toEqual([300, 40]);
      expect(answered().text).toBe('h;a;b;c;t;end;');
    });

    it('cuts the stream after the fault says, keeping what was written', async () => {
      const { writing, resumeAll, answered, recorded } = writingOf({
        fault: { type: 'stream_cut', afterChunks: 2 },
      });
      const done = new PacedStreamWriter(writing).run();
      resumeAll();
      await done;
      expect(answered().text).toBe('h;a;b;');
      expect(recorded.kind).toBe('cut');
    });

    it('writes nothing more once the simulator stopped during a wait', async () => {
      let stopped = false;
      const { writing, waits, answered, recorded } = writingOf({ stopped: () => stopped });
      const done = new PacedStreamWriter(writing).run();
      stopped = true;
      waits[0]?.resume();
      await done;
      expect(answered().text).toBe('h;');
      expect(recorded.kind).toBe('pending');
    });

    it('rejects with what failed while writing', async () => {
      const { writing, waits } = writingOf();
      const failing: StreamWriting = {
        ...writing,
        exchange: {
          ...writing.exchange,
          write: (text) => {
            if (text === 'b;') throw new Error('write failed');
          },
        },
      };
      const done = new PacedStreamWriter(failing).run();
      waits[0]?.resume();
      waits[1]?.resume();
      await expect(done).rejects.toThrow('write failed');
    });
  });
});
