import { ConfigError, type DecisionRecord, errorCodes, SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { NoEligibleTargetError } from './no-eligible-target-error.js';
import { RequestFailedError } from './request-failed-error.js';
import { RequestOptionsError } from './request-options-error.js';
import { SinkWriteError } from './sink-write-error.js';

const record = { requestId: 'req-1', attempts: [] } as unknown as DecisionRecord;
const instances = {
  RequestFailedError: new RequestFailedError({
    code: errorCodes.ALL_TARGETS_FAILED,
    route: 'chat',
    message: 'all failed',
    record,
  }),
  NoEligibleTargetError: new NoEligibleTargetError({
    route: 'chat',
    candidates: [],
    requestId: 'req-1',
    record,
  }),
  RequestOptionsError: new RequestOptionsError({ issues: ['jurisdiction: bad'] }),
  SinkWriteError: new SinkWriteError({ sink: 'jsonl x.jsonl', notWritten: 3 }),
  ConfigError: new ConfigError({ file: 'f', issues: [] }),
};
const classes = { RequestFailedError, NoEligibleTargetError, RequestOptionsError, SinkWriteError };

describe('router errors', () => {
  describe('isInstance', () => {
    it.each(Object.keys(classes))('%s recognises its own instances only', (name) => {
      const cls = classes[name as keyof typeof classes];
      for (const [other, instance] of Object.entries(instances)) {
        expect(cls.isInstance(instance), `${name}.isInstance(${other})`).toBe(other === name);
        expect(SwitchyardError.isInstance(instance)).toBe(true);
      }
    });
  });

  describe('request ids', () => {
    it('puts the request id in the message and a field of errors that have a decision record', () => {
      expect(instances.RequestFailedError.requestId).toBe('req-1');
      expect(instances.RequestFailedError.message).toContain('(request req-1)');
      expect(instances.NoEligibleTargetError.requestId).toBe('req-1');
      expect(instances.NoEligibleTargetError.message).toContain('request req-1');
    });
  });

  describe('SinkWriteError', () => {
    it('says how many records were not written, and why', () => {
      const error = new SinkWriteError({ sink: 'jsonl r.jsonl', notWritten: 2, cause: new Error('ENOSPC') });
      expect(error.message).toBe('jsonl r.jsonl: 2 decision records were not written: ENOSPC');
      expect(error.code).toBe(errorCodes.SINK_WRITE_FAILED);
      expect(new SinkWriteError({ sink: 's', notWritten: 1 }).message).toBe(
        's: 1 decision record was not written',
      );
    });
  });
});
