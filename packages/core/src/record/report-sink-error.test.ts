import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportSinkError } from './report-sink-error.js';

describe('reportSinkError', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("goes to the sink's onError first, then to its host, then to a process warning", () => {
    const error = new Error('disk full');
    const onError = vi.fn();
    const host = { reportError: vi.fn() };
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});

    reportSinkError(error, { onError, host, what: 'jsonl sink' });
    expect(onError).toHaveBeenCalledWith(error);
    expect(host.reportError).not.toHaveBeenCalled();

    reportSinkError(error, { onError: undefined, host, what: 'jsonl sink' });
    expect(host.reportError).toHaveBeenCalledWith(error);
    expect(warn).not.toHaveBeenCalled();

    reportSinkError(error, { onError: undefined, host: undefined, what: 'jsonl sink' });
    expect(warn).toHaveBeenCalledWith('jsonl sink: disk full', {
      type: 'SwitchyardWarning',
      code: 'SWITCHYARD_SINK_WRITE_FAILED',
    });
  });

  it('never throws, whatever the reporter does', () => {
    const throwing = () => {
      throw new Error('reporter broke');
    };
    expect(() => reportSinkError('x', { onError: throwing, host: undefined, what: 'sink' })).not.toThrow();
    expect(() =>
      reportSinkError('x', { onError: undefined, host: { reportError: throwing }, what: 'sink' }),
    ).not.toThrow();
  });
});
