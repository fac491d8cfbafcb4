/** Where records' basis documents and rotated files are (from `@switchyard/router`, for tools that read logs). */
export { basisPathFor, segmentPath } from '@switchyard/router';
export { canonicalJson } from './chain/canonical-json.js';
export { type ChainedJsonlSink, chainedJsonlSink } from './chain/chained-jsonl-sink.js';
export {
  type Checkpoint,
  CheckpointSchema,
  checkpointSignatureValid,
  checkpointType,
} from './chain/checkpoint.js';
export { checkpointsPathFor } from './chain/checkpoints-path.js';
export { logSegments } from './chain/read-log-tail.js';
export {
  type EvidenceChain,
  maxCheckpointInterval,
  type RecordChainOptions,
  recordChain,
} from './chain/record-chain.js';
export { leafHash, merkleRoot, nodeHash } from './chain/tree-hash.js';
export {
  generateSigningKeys,
  type KeySource,
  keyId,
  privateKeyVariable,
  publicKeyVariable,
  readPrivateKey,
  readPublicKey,
} from './keys/signing-keys.js';
export { type Decision, decide, planInstant } from './replay/decide.js';
export { configBasis, type DecisionBasis } from './replay/decision-basis.js';
export type { Figure, FigureBasis } from './replay/figure.js';
export { type BasisGap, ReplayBasis } from './replay/replay-basis.js';
export { localState, type ReplayHealth, setByFleet } from './replay/replay-candidates.js';
export { basisFileFor, selfCheckRecords, whatIfRecords } from './replay/replay-records.js';
export type { BadRecordLine, Mismatch, SelfCheckReport } from './replay/replay-task.js';
export { type ReplayDifference, type SelfCheckResult, selfCheck } from './replay/self-check.js';
export { type WhatIfKind, type WhatIfOutcome, whatIf } from './replay/what-if.js';
export { type WhatIfGroup, WhatIfSummary, type WhatIfSummaryData } from './replay/what-if-summary.js';
export { whatIfLead, whatIfTables } from './replay/what-if-tables.js';
export type { TamperFinding, VerifyReport } from './verify/tamper-finding.js';
export { type VerifyRecordsOptions, verifyRecords } from './verify/verify-records.js';
