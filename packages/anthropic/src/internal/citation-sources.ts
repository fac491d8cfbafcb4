import type {
  JSONValue,
  LanguageModelV4Citation,
  LanguageModelV4Prompt,
  LanguageModelV4Source,
} from '@ai-sdk/provider';

/** A document a citation's `document_index` can name: a prompt's cited file, or a fetched page. */
export interface CitationDocument {
  /** The title a source gets when the citation has no `document_title`. */
  readonly title: string;
  /** The file part's filename (none for a fetched page). */
  readonly filename?: string;
  /** The document's media type. */
  readonly mediaType: string;
}

/** A citation as the API sent it: an object, its fields unchecked. */
export type AnthropicCitation = Record<string, unknown>;

const citedMediaTypes = new Set(['application/pdf', 'text/plain']);

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * The documents of a prompt that citations can name, in order: its users' PDF
 * and `text/plain` file parts with `providerOptions.anthropic.citations.enabled`
 * (the API takes citations on all documents or none), titled with their
 * filename (`Untitled Document` without one), as `@ai-sdk/anthropic` counts
 * them. A `web_fetch` result adds its page (`BlockContext.fetchedDocument`).
 *
 * @param prompt the call's prompt.
 * @returns the documents, by `document_index`.
 */
export function citationDocuments(prompt: LanguageModelV4Prompt): CitationDocument[] {
  const documents: CitationDocument[] = [];
  for (const message of prompt) {
    if (message.role !== 'user') continue;
    for (const part of message.content) {
      if (part.type !== 'file' || !citedMediaTypes.has(part.mediaType)) continue;
      const anthropic = part.providerOptions?.anthropic as { citations?: { enabled?: unknown } } | undefined;
      if (anthropic?.citations?.enabled !== true) continue;
      documents.push({
        title: part.filename ?? 'Untitled Document',
        ...(part.filename === undefined ? {} : { filename: part.filename }),
        mediaType: part.mediaType,
      });
    }
  }
  return documents;
}

/**
 * The `source` part of one citation, as `@ai-sdk/anthropic` makes it: a
 * `char_location` or `page_location` citation of a known document is a
 * `document` source (its media type and filename from the document, its title
 * the citation's `document_title` or the document's, the cited text and range
 * in `providerMetadata.anthropic`); a `web_search_result_location` citation
 * is a `url` source (used only when the answer has no web search results of
 * its own). Other citations (`content_block_location`, `search_result_location`,
 * an index no document has) give none: they stay in the text's citations.
 *
 * @param citation the citation.
 * @param documents the documents citations can name.
 * @param sourceId makes the source's id.
 * @returns the source, or `undefined`.
 */
export function citationSource(
  citation: AnthropicCitation,
  documents: readonly CitationDocument[],
  sourceId: () => string,
): LanguageModelV4Source | undefined {
  const citedText = (citation.cited_text as JSONValue | undefined) ?? null;
  if (citation.type === 'web_search_result_location') {
    const url = text(citation.url);
    if (url === undefined) return undefined;
    const title = text(citation.title);
    return {
      type: 'source',
      sourceType: 'url',
      id: sourceId(),
      url,
      ...(title === undefined ? {} : { title }),
      providerMetadata: {
        anthropic: { citedText, encryptedIndex: (citation.encrypted_index as JSONValue | undefined) ?? null },
      },
    };
  }
  if (citation.type !== 'page_location' && citation.type !== 'char_location') return undefined;
  const index = number(citation.document_index);
  const document = index === undefined ? undefined : documents[index];
  if (document === undefined) return undefined;
  const range = (key: string) => (citation[key] as JSONValue | undefined) ?? null;
  return {
    type: 'source',
    sourceType: 'document',
    id: sourceId(),
    mediaType: document.mediaType,
    title: text(citation.document_title) ?? document.title,
    ...(document.filename === undefined ? {} : { filename: document.filename }),
    providerMetadata: {
      anthropic:
        citation.type === 'page_location'
          ? {
              citedText,
              startPageNumber: range('start_page_number'),
              endPageNumber: range('end_page_number'),
            }
          : { citedText, startCharIndex: range('start_char_index'), endCharIndex: range('end_char_index') },
    },
  };
}

/**
 * The AI SDK citation (`citations` of a text part) of one Anthropic citation,
 * as `@ai-sdk/anthropic` maps it: a web search or search result citation
 * names its URL (the id), a document citation its document (id: the
 * citation's `file_id`, else its `document_index`; media type, title and
 * filename from the document, `text/plain` and `Document <index>` when none
 * is known); the whole citation rides in `providerMetadata.anthropic`. A
 * citation without its URL or index gives none (it stays in
 * `providerMetadata.anthropic.citations`).
 *
 * @param citation the citation.
 * @param documents the documents citations can name.
 * @returns the citation, or `undefined`.
 */
export function textCitation(
  citation: AnthropicCitation,
  documents: readonly CitationDocument[],
): LanguageModelV4Citation | undefined {
  const providerMetadata = { anthropic: { ...citation } as Record<string, JSONValue> };
  const citedText = text(citation.cited_text);
  const cited = citedText === undefined ? {} : { citedText };
  if (citation.type === 'web_search_result_location' || citation.type === 'search_result_location') {
    const url = text(citation.type === 'web_search_result_location' ? citation.url : citation.source);
    if (url === undefined) return undefined;
    const title = text(citation.title);
    return {
      source: {
        type: 'source',
        sourceType: 'url',
        id: url,
        url,
        ...(title === undefined ? {} : { title }),
        providerMetadata,
      },
      ...cited,
    };
  }
  const index = number(citation.document_index);
  if (index === undefined) return undefined;
  const document = documents[index];
  return {
    source: {
      type: 'source',
      sourceType: 'document',
      id: text(citation.file_id) ?? String(index),
      mediaType: document?.mediaType ?? 'text/plain',
      title: text(citation.document_title) ?? document?.title ?? `Document ${index}`,
      ...(document?.filename === undefined ? {} : { filename: document.filename }),
      providerMetadata,
    },
    ...cited,
  };
}

/**
 * The `citations` of a text part: each citation `textCitation` maps, or
 * nothing when none does.
 *
 * @param citations the text's citations.
 * @param documents the documents citations can name.
 * @returns `{ citations }`, or `{}`.
 */
export function textCitations(
  citations: readonly AnthropicCitation[],
  documents: readonly CitationDocument[],
): { citations?: LanguageModelV4Citation[] } {
  const mapped: LanguageModelV4Citation[] = [];
  for (const citation of citations) {
    const one = textCitation(citation, documents);
    if (one !== undefined) mapped.push(one);
  }
  return mapped.length === 0 ? {} : { citations: mapped };
}
