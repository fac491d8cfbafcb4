// The error that carries a ClassifiedFailure, here too so an adapter needs no import of core's root
// (its config, policy and record schemas: ~18 MiB of heap in a process that only runs a model).
export { ProviderError } from '../errors/provider-error.js';
export { abortFailure, isAbortError, isTimeoutError } from './abort-failure.js';
export { blockedByLink, blockedByOf, blockedByProblem, withBlockedBy } from './blocked-by.js';
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
export { headerValue, type ResponseHeaders } from './header-value.js';
export { malformedLineLimit, malformedStreamFailure } from './malformed-stream-failure.js';
export { parseRetryAfter, type RetryAfterHeaders } from './parse-retry-after.js';
export { promptTexts } from './prompt-texts.js';
export {
  type FailureSignal,
  matchSignal,
  type ProviderSignals,
  type SignalTest,
  saysModelWithdrawn,
} from './provider-signals.js';
export { type ErrorEnvelope, readErrorEnvelope } from './read-error-envelope.js';
export { readableMessage } from './readable-message.js';
export { redactErrorPrompt, requestBodyMarker } from './redact-error-prompt.js';
export { quotedTextMarker, quotedTextMinLength, redactQuotedText } from './redact-quoted-text.js';
export { redactSecrets } from './redact-secrets.js';
export { signalOfStatus, unambiguousStatuses } from './signal-of-status.js';
export { thrownMessage } from './thrown-message.js';
