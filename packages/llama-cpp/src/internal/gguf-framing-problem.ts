import { open } from 'node:fs/promises';

/** Bytes read from the file at a time while the header is walked. */
const windowBytes = 1 << 20;
/** Bytes of each GGUF scalar value type (8 string and 9 array have lengths of their own). */
const scalarBytes: readonly number[] = [1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8];
const stringType = 8;
const arrayType = 9;
/** Fewest bytes of a key-value pair (key length, an empty key, type, a 1-byte value) and a tensor info. */
const minEntryBytes = 8 + 4 + 1;
const minTensorInfoBytes = 8 + 4 + 4 + 8;

/** Where the header's framing runs past the file: what was read at which byte, and why it cannot be. */
export interface GgufFramingProblem {
  /** e.g. `the key of key-value pair 3`. */
  readonly what: string;
  /** Byte of the file where its length or count is. */
  readonly at: number;
  /** What was found there, e.g. `1099511627776 bytes`. */
  readonly found: string;
  /** `truncated` for a length or count past the end, `duplicate` for a key twice, `version` for a version llama.cpp does not read. */
  readonly kind?: 'duplicate' | 'version';
}

/**
 * Walks the framing of a GGUF header (counts, string and array lengths, value types; never
 * the values) in bounded reads, so a count or length that runs past the end of the file is
 * found before a parser trusts it: node-llama-cpp's `readGgufFileInfo` allocates a buffer of
 * whatever length a string claims, and a claim of 4 to 16 GiB aborts the Node process (measured)
 * while a smaller one takes gigabytes and seconds. It also finds a key twice (node-llama-cpp keeps
 * the last, llama.cpp refuses the file) and a version other than 2 or 3. Files that do not start
 * with `GGUF`, and version 1, are left to the parser, which refuses them.
 *
 * @param path the file.
 * @param fileBytes its size.
 * @returns the first length or count that cannot fit in the file, or `undefined` when all fit.
 */
export async function ggufFramingProblem(
  path: string,
  fileBytes: number,
): Promise<GgufFramingProblem | undefined> {
  const handle = await open(path, 'r');
  try {
    let window = new Uint8Array(0);
    let windowStart = 0;
    /** `length` bytes at `at`, read from the file as needed; `length` is at most 8. */
    const bytes = async (at: number, length: number): Promise<DataView> => {
      if (at < windowStart || at + length > windowStart + window.length) {
        const buffer = new Uint8Array(Math.min(windowBytes, fileBytes - at));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
        window = buffer.subarray(0, bytesRead);
        windowStart = at;
      }
      return new DataView(window.buffer, window.byteOffset + at - windowStart, length);
    };
    const u32 = async (at: number) => (await bytes(at, 4)).getUint32(0, true);
    const u64 = async (at: number) => (await bytes(at, 8)).getBigUint64(0, true);
    if (fileBytes < 24 || (await bytes(0, 4)).getUint32(0, true) !== 0x46554747) return undefined;
    const version = await u32(4);
    if (version === 1) return undefined; // node-llama-cpp says it is no longer supported
    if (version !== 2 && version !== 3)
      return {
        what: 'the GGUF version',
        at: 4,
        found: `${version}; llama.cpp reads versions 2 and 3`,
        kind: 'version',
      };

    const tensorCount = await u64(8);
    const kvCount = await u64(16);
    if (kvCount * BigInt(minEntryBytes) > BigInt(fileBytes))
      return {
        what: 'the key-value count',
        at: 16,
        found: `${kvCount} pairs, more than ${fileBytes} bytes can hold`,
      };
    if (tensorCount * BigInt(minTensorInfoBytes) > BigInt(fileBytes))
      return {
        what: 'the tensor count',
        at: 8,
        found: `${tensorCount} tensors, more than ${fileBytes} bytes can hold`,
      };

    let at = 24;
    /** Moves past `length` bytes that start at `from`, or says they run past the end. */
    const skip = (what: string, from: number, length: bigint): GgufFramingProblem | undefined => {
      if (BigInt(at) + length > BigInt(fileBytes))
        return { what, at: from, found: `${length} bytes, past the end of the file (${fileBytes} bytes)` };
      at += Number(length);
      return undefined;
    };
    const string = async (what: string) => {
      const from = at;
      if (at + 8 > fileBytes) return { what, at, found: 'the end of the file' };
      const length = await u64(at);
      at += 8;
      return skip(what, from, length);
    };
    const type = async (what: string, allowArray: boolean) => {
      if (at + 4 > fileBytes) return { value: -1, problem: { what, at, found: 'the end of the file' } };
      const value = await u32(at);
      const problem =
        value < scalarBytes.length && (allowArray || value !== arrayType)
          ? undefined
          : {
              what,
              at,
              found: `value type ${value}, which GGUF does not define${allowArray ? '' : ' in an array'}`,
            };
      at += 4;
      return { value, problem };
    };

    const keys = new Set<string>();
    /** The text of `length` bytes at `at` (a key: llama.cpp refuses a file with a key twice). */
    const text = async (from: number, length: number) => {
      const buffer = new Uint8Array(Math.min(length, 65_536));
      await handle.read(buffer, 0, buffer.length, from);
      return new TextDecoder().decode(buffer);
    };
    for (let entry = 0; entry < kvCount; entry++) {
      const name = `key-value pair ${entry}`;
      const keyAt = at;
      const problem = await string(`the key of ${name}`);
      if (problem !== undefined) return problem;
      const key = await text(keyAt + 8, at - keyAt - 8);
      if (keys.has(key))
        return {
          what: `the key of ${name}`,
          at: keyAt,
          found: `${JSON.stringify(key)} a second time`,
          kind: 'duplicate',
        };
      keys.add(key);
      const valueType = await type(`the type of ${name}`, true);
      if (valueType.problem !== undefined) return valueType.problem;
      if (valueType.value === stringType) {
        const stringProblem = await string(`the value of ${name}`);
        if (stringProblem !== undefined) return stringProblem;
      } else if (valueType.value === arrayType) {
        const itemType = await type(`the item type of ${name}`, false);
        if (itemType.problem !== undefined) return itemType.problem;
        if (at + 8 > fileBytes) return { what: `the length of ${name}`, at, found: 'the end of the file' };
        const from = at;
        const count = await u64(at);
        at += 8;
        if (itemType.value === stringType) {
          if (count * 8n > BigInt(fileBytes - at))
            return {
              what: `the length of ${name}`,
              at: from,
              found: `${count} strings, past the end of the file`,
            };
          for (let item = 0n; item < count; item++) {
            const itemProblem = await string(`string ${item} of ${name}`);
            if (itemProblem !== undefined) return itemProblem;
          }
        } else {
          const arrayProblem = skip(
            `the items of ${name}`,
            from,
            count * BigInt(scalarBytes[itemType.value] as number),
          );
          if (arrayProblem !== undefined) return arrayProblem;
        }
      } else {
        const scalarProblem = skip(
          `the value of ${name}`,
          at,
          BigInt(scalarBytes[valueType.value] as number),
        );
        if (scalarProblem !== undefined) return scalarProblem;
      }
    }
    for (let tensor = 0; tensor < tensorCount; tensor++) {
      const name = `tensor info ${tensor}`;
      const nameProblem = await string(`the name of ${name}`);
      if (nameProblem !== undefined) return nameProblem;
      if (at + 4 > fileBytes) return { what: `the dimensions of ${name}`, at, found: 'the end of the file' };
      const from = at;
      const dims = await u32(at);
      at += 4;
      // Dimensions, type and offset: the tensor rules check their values.
      const dimsProblem = skip(`the dimensions of ${name}`, from, BigInt(dims) * 8n + 4n + 8n);
      if (dimsProblem !== undefined) return dimsProblem;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
