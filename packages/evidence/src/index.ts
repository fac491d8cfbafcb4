export { canonicalJson } from './chain/canonical-json.js';
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
export type { TamperFinding, VerifyReport } from './verify/tamper-finding.js';
export { type VerifyRecordsOptions, verifyRecords } from './verify/verify-records.js';
