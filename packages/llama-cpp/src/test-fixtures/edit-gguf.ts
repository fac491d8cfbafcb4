/**
 * A GGUF file taken apart into its key-value pairs, tensor infos and data, and put back together,
 * byte for byte, so tests and the bad-model-file harness (`bench/fuzz-gguf.ts`) can break one
 * thing in a good file (a value, a type, a tensor's shape or offset, a count) and nothing else.
 * Not a reader for arbitrary files: it takes apart the files it is given by this package's own
 * generator (`createTinyGguf`), which are well formed.
 */

/** GGUF value types (the GGUF spec's numbering). */
export const ggufType = {
  u8: 0,
  i8: 1,
  u16: 2,
  i16: 3,
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  string: 8,
  array: 9,
  u64: 10,
  i64: 11,
  f64: 12,
} as const;

/** A value: a scalar, or an array of scalars of one `itemType`. */
export type GgufPartValue = number | bigint | boolean | string | GgufPartArray;

/** An array value. */
export interface GgufPartArray {
  /** Type of every item. */
  itemType: number;
  /** The items. */
  items: (number | bigint | boolean | string)[];
}

/** One key-value pair. */
export interface GgufPartEntry {
  /** The key, e.g. `llama.block_count`. */
  key: string;
  /** Its GGUF value type ({@link ggufType}). */
  type: number;
  /** Its value. */
  value: GgufPartValue;
}

/** One tensor info. */
export interface GgufPartTensor {
  /** e.g. `blk.0.attn_q.weight`. */
  name: string;
  /** ggml order: `dims[0]` varies fastest. */
  dims: bigint[];
  /** ggml type (0 = F32). */
  type: number;
  /** Offset of its data from the start of the data section. */
  offset: bigint;
}

/** A GGUF file taken apart; see {@link readGgufParts}. */
export interface GgufParts {
  /** GGUF version (3). */
  version: number;
  /** The key-value pairs, in file order. */
  entries: GgufPartEntry[];
  /** The tensor infos, in file order. */
  tensors: GgufPartTensor[];
  /** Padding of the data section (`general.alignment`, default 32). */
  alignment: number;
  /** The data section. */
  data: Uint8Array;
  /** Tensor count written in the header; default `tensors.length`. */
  tensorCount?: bigint;
  /** Key-value count written in the header; default `entries.length`. */
  kvCount?: bigint;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const ggufMagic = encoder.encode('GGUF');

const scalarSize: Record<number, number> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

/**
 * Takes a well-formed GGUF file apart.
 *
 * @param bytes the file.
 * @returns its parts.
 */
export function readGgufParts(bytes: Uint8Array): GgufParts {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 4;
  const u32 = () => {
    const value = view.getUint32(at, true);
    at += 4;
    return value;
  };
  const u64 = () => {
    const value = view.getBigUint64(at, true);
    at += 8;
    return value;
  };
  const string = () => {
    const length = Number(u64());
    const value = decoder.decode(bytes.subarray(at, at + length));
    at += length;
    return value;
  };
  const scalar = (type: number): number | bigint | boolean | string => {
    if (type === ggufType.string) return string();
    const start = at;
    at += scalarSize[type] ?? 0;
    switch (type) {
      case ggufType.u8:
        return view.getUint8(start);
      case ggufType.i8:
        return view.getInt8(start);
      case ggufType.u16:
        return view.getUint16(start, true);
      case ggufType.i16:
        return view.getInt16(start, true);
      case ggufType.u32:
        return view.getUint32(start, true);
      case ggufType.i32:
        return view.getInt32(start, true);
      case ggufType.f32:
        return view.getFloat32(start, true);
      case ggufType.bool:
        return view.getUint8(start) !== 0;
      case ggufType.u64:
        return view.getBigUint64(start, true);
      case ggufType.i64:
        return view.getBigInt64(start, true);
      case ggufType.f64:
        return view.getFloat64(start, true);
      default:
        throw new RangeError(`readGgufParts: unknown value type ${type}`);
    }
  };
  const version = u32();
  const tensorCount = Number(u64());
  const kvCount = Number(u64());
  const entries: GgufPartEntry[] = [];
  for (let index = 0; index < kvCount; index++) {
    const key = string();
    const type = u32();
    if (type === ggufType.array) {
      const itemType = u32();
      const length = Number(u64());
      const items = Array.from({ length }, () => scalar(itemType));
      entries.push({ key, type, value: { itemType, items } });
    } else entries.push({ key, type, value: scalar(type) });
  }
  const tensors: GgufPartTensor[] = [];
  for (let index = 0; index < tensorCount; index++) {
    const name = string();
    const dims = Array.from({ length: u32() }, () => u64());
    tensors.push({ name, dims, type: u32(), offset: u64() });
  }
  const alignmentEntry = entries.find((entry) => entry.key === 'general.alignment');
  const alignment = typeof alignmentEntry?.value === 'number' ? alignmentEntry.value : 32;
  const dataStart = Math.ceil(at / alignment) * alignment;
  return { version, entries, tensors, alignment, data: bytes.slice(dataStart) };
}

/**
 * Puts a GGUF file back together from its parts (whatever they say: counts, types, offsets are
 * written as given, so a test can make them wrong).
 *
 * @param parts the parts.
 * @returns the file.
 */
export function writeGgufParts(parts: GgufParts): Uint8Array {
  // One growing buffer written in place: no array or view per value (a tiny model has ~1,600).
  let header = new Uint8Array(1 << 16);
  let view = new DataView(header.buffer);
  let at = 0;
  const room = (size: number) => {
    if (at + size <= header.length) return;
    const grown = new Uint8Array(Math.max(header.length * 2, at + size));
    grown.set(header.subarray(0, at));
    header = grown;
    view = new DataView(header.buffer);
  };
  const u32 = (value: number) => {
    room(4);
    view.setUint32(at, value >>> 0, true);
    at += 4;
  };
  const u64 = (value: bigint) => {
    room(8);
    view.setBigUint64(at, BigInt.asUintN(64, value), true);
    at += 8;
  };
  const string = (value: string) => {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit; the length goes before the bytes.
    room(8 + 3 * value.length);
    const { written } = encoder.encodeInto(value, header.subarray(at + 8));
    u64(BigInt(written));
    at += written;
  };
  const scalar = (type: number, value: number | bigint | boolean | string) => {
    if (type === ggufType.string) return string(String(value));
    const number = typeof value === 'boolean' ? Number(value) : value;
    const size = scalarSize[type] ?? 0;
    room(size);
    switch (type) {
      case ggufType.u8:
      case ggufType.bool:
        view.setUint8(at, Number(number));
        break;
      case ggufType.i8:
        view.setInt8(at, Number(number));
        break;
      case ggufType.u16:
        view.setUint16(at, Number(number), true);
        break;
      case ggufType.i16:
        view.setInt16(at, Number(number), true);
        break;
      case ggufType.u32:
        view.setUint32(at, Number(number) >>> 0, true);
        break;
      case ggufType.i32:
        view.setInt32(at, Number(number), true);
        break;
      case ggufType.f32:
        view.setFloat32(at, Number(number), true);
        break;
      case ggufType.u64:
        view.setBigUint64(at, BigInt.asUintN(64, BigInt(number)), true);
        break;
      case ggufType.i64:
        view.setBigInt64(at, BigInt.asIntN(64, BigInt(number)), true);
        break;
      case ggufType.f64:
        view.setFloat64(at, Number(number), true);
        break;
    }
    at += size;
  };
  room(4);
  header.set(ggufMagic, at);
  at += 4;
  u32(parts.version);
  u64(parts.tensorCount ?? BigInt(parts.tensors.length));
  u64(parts.kvCount ?? BigInt(parts.entries.length));
  for (const entry of parts.entries) {
    string(entry.key);
    u32(entry.type);
    if (entry.type === ggufType.array && typeof entry.value === 'object') {
      u32(entry.value.itemType);
      u64(BigInt(entry.value.items.length));
      for (const item of entry.value.items) scalar(entry.value.itemType, item);
    } else scalar(entry.type, entry.value as number | bigint | boolean | string);
  }
  for (const tensor of parts.tensors) {
    string(tensor.name);
    u32(tensor.dims.length);
    for (const dim of tensor.dims) u64(dim);
    u32(tensor.type);
    u64(tensor.offset);
  }
  const alignment = parts.alignment > 0 ? parts.alignment : 1;
  const dataStart = Math.ceil(at / alignment) * alignment;
  const file = new Uint8Array(dataStart + parts.data.length);
  file.set(header.subarray(0, at));
  file.set(parts.data, dataStart);
  return file;
}
