export { abortFailure, isAbortError, isTimeoutError } from './abort-failure.js';
export { classifyResponseFailure } from './classify-response-failure.js';
export { classifyTransportError } from './classify-transport-error.js';
export {
  type ClassifiedFailure,
  type CutoffReason,
  cutoffReasons,
  type FailureKind,
  failureKinds,
  isFallbackKind,
  isRetryableKind,
} from './failure-kind.js';
export { parseRetryAfter, type RetryAfterHeaders } from './parse-retry-after.js';
export {
  type FailureSignal,
  matchSignal,
  type ProviderSignals,
  type SignalTest,
  saysModelWithdrawn,
} from './provider-signals.js';
export { type ErrorEnvelope, readErrorEnvelope } from './read-error-envelope.js';
export { readableMessage } from './readable-message.js';
export { redactSecrets } from './redact-secrets.js';
