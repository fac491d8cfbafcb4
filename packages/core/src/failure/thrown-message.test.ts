import { describe, expect, it } from 'vitest';
import { thrownMessage } from './thrown-message.js';

describe('thrownMessage', () => {
  it("gives an Error's message and a string as it is", () => {
    expect(thrownMessage(new TypeError('boom'))).toBe('boom');
    expect(thrownMessage('plain words')).toBe('plain words');
    expect(thrownMessage(42)).toBe('42');
    expect(thrownMessage(undefined)).toBe('undefined');
    expect(thrownMessage(Symbol('s'))).toBe('Symbol(s)');
  });

  it('never throws on a value that cannot be made a string', () => {
    expect(thrownMessage(Object.create(null))).toBe('[object Object]');
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(thrownMessage(hostile)).toBe('[object Object]');
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(thrownMessage(proxy)).toBe('a thrown object');
    const error = new Error('x');
    Object.defineProperty(error, 'message', {
      get() {
        throw new Error('no');
      },
    });
    expect(thrownMessage(error)).toBe('[object Error]');
  });
});
