import { describe, expect, it } from 'vitest';
import { openaiEnvelope, openaiErrorAnswer } from './openai-error-answer.js';

describe('openaiErrorAnswer', () => {
  it('answers a legal block with 451 in the OpenAI error envelope', () => {
    const answer = openaiErrorAnswer({ type: 'legal_block' });
    expect(answer.status).toBe(451);
    expect(answer.body).toEqual(
      openaiEnvelope(
        'Unavailable For Legal Reasons: this model may not be served to callers in your jurisdiction.',
        'request_forbidden',
        'unavailable_for_legal_reasons',
      ),
    );
  });

  it('shows a revoked key by its first 3 and last 4 characters only', () => {
    const answer = openaiErrorAnswer({ type: 'key_revoked', apiKey: 'sk-drill-secret-1234' });
    expect(answer.status).toBe(401);
    const message = (answer.body as { error: { message: string } }).error.message;
    expect(message).toContain('sk-***1234');
    expect(message).not.toContain('secret');
  });
});
