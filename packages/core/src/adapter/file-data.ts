import type { SharedV4FileData } from '@ai-sdk/provider';

/** A prompt file as a URL string the provider accepts: an http(s) URL as is, inline data as a `data:` URL. */
export function fileDataToUrl(data: SharedV4FileData, mediaType: string): string | undefined {
  switch (data.type) {
    case 'url':
      return data.url.toString();
    case 'data':
      return `data:${mediaType};base64,${toBase64(data.data)}`;
    default:
      return undefined;
  }
}

/** Inline file bytes (or an already base64 string) as base64. */
export function toBase64(data: Uint8Array | string): string {
  return typeof data === 'string'
    ? data
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}
