import type { GgufTensorInfo } from 'node-llama-cpp';
import type { GgmlTypeSizes } from '../internal/gguf-tensor-problem.js';
import { type GgufParts, writeGgufParts } from './edit-gguf.js';

/**
 * What `checkGgufFile` reads from a file with node-llama-cpp's `readGgufFileInfo`, made from
 * the parts of a GGUF instead (no file, no read): the flattened metadata (arrays as arrays, 64-bit
 * integers as bigints, as node-llama-cpp gives them), the tensor infos, where the data starts and
 * the file's size. For tests of the rules, which take exactly these.
 *
 * @param parts the parts.
 * @returns what the rules read.
 */
export function ggufPartsInfo(parts: GgufParts) {
  const bytes = writeGgufParts(parts);
  const flat: Record<string, unknown> = {};
  for (const entry of parts.entries)
    flat[entry.key] = typeof entry.value === 'object' ? [...entry.value.items] : entry.value;
  const dataStart = bytes.length - parts.data.length;
  const tensors: GgufTensorInfo[] = parts.tensors.map((tensor) => ({
    name: tensor.name,
    dimensions: tensor.dims.map((dim) => (dim <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(dim) : dim)),
    ggmlType: tensor.type,
    offset: Number(tensor.offset),
    fileOffset: dataStart + Number(tensor.offset),
    filePart: 1,
  }));
  return { flat, tensors, dataStart, fileBytes: bytes.length };
}

/** Sizes of the ggml types the tests use: F32, F16, Q8_0 (blocks of 32 in 34 bytes); no others. */
export const testGgmlTypeSizes: GgmlTypeSizes = (type) =>
  ({
    0: { typeSize: 4, blockSize: 1 },
    1: { typeSize: 2, blockSize: 1 },
    8: { typeSize: 34, blockSize: 32 },
  })[type];
