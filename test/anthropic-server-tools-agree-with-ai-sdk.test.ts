import { createAnthropic as createAISDKAnthropic } from '@ai-sdk/anthropic';
import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { createAnthropic } from '@switchyard/anthropic';
import { fixtureFetch } from '@switchyard/simulators';
import { describe, expect, it } from 'vitest';

/**
 * Our Anthropic adapter and `@ai-sdk/anthropic`, fed the same answers of
 * server tools other than web search (in the Messages API's documented
 * shapes: `web_fetch` and its error, code execution's legacy
 * `code_execution` and its error, its `bash_code_execution` and
 * `text_editor_code_execution` sub-tools and their errors, MCP calls and
 * results, a citation of a fetched page), give the same provider-executed
 * tool calls (inputs compared as values), tool results, sources (their
 * made-up ids aside) and text, generated and streamed (tool inputs as
 * `input_json_delta`, results whole in `content_block_start`).
 */
const call: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Use your tools.' }] }],
};
const usage = { input_tokens: 50, output_tokens: 20 };
const messageOf = (content: unknown[]) => ({
  id: 'msg_st',
  type: 'message',
  role: 'assistant',
  model: 'claude-test',
  content,
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage,
});
const bodies: Record<string, ReturnType<typeof messageOf>> = {
  webFetch: messageOf([
    {
      type: 'server_tool_use',
      id: 'srvtoolu_f1',
      name: 'web_fetch',
      input: { url: 'https://example.com/terms' },
    },
    {
      type: 'web_fetch_tool_result',
      tool_use_id: 'srvtoolu_f1',
      content: {
        type: 'web_fetch_result',
        url: 'https://example.com/terms',
        retrieved_at: '2026-01-01T00:00:00Z',
        content: {
          type: 'document',
          title: 'Terms',
          citations: { enabled: true },
          source: { type: 'text', media_type: 'text/plain', data: 'Notice: 90 days.' },
        },
      },
    },
    {
      type: 'text',
      text: 'Ninety days.',
      citations: [
        {
          type: 'char_location',
          cited_text: 'Notice: 90 days.',
          document_index: 0,
          document_title: 'Terms',
          start_char_index: 0,
          end_char_index: 16,
          file_id: null,
        },
      ],
    },
  ]),
  webFetchError: messageOf([
    {
      type: 'server_tool_use',
      id: 'srvtoolu_f2',
      name: 'web_fetch',
      input: { url: 'https://example.com/x' },
    },
    {
      type: 'web_fetch_tool_result',
      tool_use_id: 'srvtoolu_f2',
      content: { type: 'web_fetch_tool_result_error', error_code: 'url_not_accessible' },
    },
    { type: 'text', text: 'Could not fetch.' },
  ]),
  codeExecution: messageOf([
    { type: 'server_tool_use', id: 'srvtoolu_c1', name: 'code_execution', input: { code: 'print(6*7)' } },
    {
      type: 'code_execution_tool_result',
      tool_use_id: 'srvtoolu_c1',
      content: { type: 'code_execution_result', stdout: '42\n', stderr: '', return_code: 0, content: [] },
    },
    { type: 'text', text: '42.' },
  ]),
  codeExecutionError: messageOf([
    { type: 'server_tool_use', id: 'srvtoolu_c2', name: 'code_execution', input: { code: 'x' } },
    {
      type: 'code_execution_tool_result',
      tool_use_id: 'srvtoolu_c2',
      content: { type: 'code_execution_tool_result_error', error_code: 'unavailable' },
    },
  ]),
  bash: messageOf([
    { type: 'server_tool_use', id: 'srvtoolu_b1', name: 'bash_code_execution', input: { command: 'ls' } },
    {
      type: 'bash_code_execution_tool_result',
      tool_use_id: 'srvtoolu_b1',
      content: {
        type: 'bash_code_execution_result',
        stdout: 'a.txt\n',
        stderr: '',
        return_code: 0,
        content: [],
      },
    },
    {
      type: 'server_tool_use',
      id: 'srvtoolu_t1',
      name: 'text_editor_code_execution',
      input: { command: 'view', path: 'a.txt' },
    },
    {
      type: 'text_editor_code_execution_tool_result',
      tool_use_id: 'srvtoolu_t1',
      content: {
        type: 'text_editor_code_execution_view_result',
        file_type: 'text',
        content: 'hi',
        num_lines: 1,
        start_line: 1,
        total_lines: 1,
      },
    },
    { type: 'server_tool_use', id: 'srvtoolu_b2', name: 'bash_code_execution', input: { command: 'false' } },
    {
      type: 'bash_code_execution_tool_result',
      tool_use_id: 'srvtoolu_b2',
      content: { type: 'bash_code_execution_tool_result_error', error_code: 'execution_time_exceeded' },
    },
    { type: 'text', text: 'Done.' },
  ]),
  mcp: messageOf([
    { type: 'mcp_tool_use', id: 'mcptoolu_1', name: 'lookup', server_name: 'kb', input: { q: 'notice' } },
    {
      type: 'mcp_tool_result',
      tool_use_id: 'mcptoolu_1',
      is_error: false,
      content: [{ type: 'text', text: '90 days' }],
    },
    { type: 'mcp_tool_use', id: 'mcptoolu_2', name: 'lookup', server_name: 'kb', input: { q: 'x' } },
    {
      type: 'mcp_tool_result',
      tool_use_id: 'mcptoolu_2',
      is_error: true,
      content: [{ type: 'text', text: 'boom' }],
    },
    { type: 'text', text: 'Ninety days.' },
  ]),
};

/** The same message as a stream: tool input as input_json_delta, results whole in content_block_start. */
function sseOf(message: ReturnType<typeof messageOf>): string {
  const events: unknown[] = [
    { type: 'message_start', message: { ...message, content: [], stop_reason: null } },
  ];
  (message.content as Record<string, unknown>[]).forEach((block, index) => {
    if (block.type === 'server_tool_use' || block.type === 'tool_use') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      events.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    } else if (block.type === 'text') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const citation of (block.citations as unknown[] | undefined) ?? [])
        events.push({ type: 'content_block_delta', index, delta: { type: 'citations_delta', citation } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
    } else events.push({ type: 'content_block_start', index, content_block: block });
    events.push({ type: 'content_block_stop', index });
  });
  events.push({
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 20 },
  });
  events.push({ type: 'message_stop' });
  return events
    .map((event) => `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`)
    .join('');
}

/** The parts a user reads, in order: a source's id set aside, a tool input parsed. */
function comparable(part: Record<string, unknown>): unknown {
  if (part.type === 'source') {
    const { id: _id, ...source } = part;
    return source;
  }
  if (part.type === 'tool-call') return { ...part, input: JSON.parse(part.input as string) as unknown };
  return part;
}

async function generated(model: LanguageModelV4): Promise<unknown[]> {
  return (await model.doGenerate(call)).content.map((part) => comparable(part as Record<string, unknown>));
}

const streamedTypes = new Set(['tool-call', 'tool-result', 'source', 'text-delta', 'error']);

async function streamed(model: LanguageModelV4): Promise<unknown[]> {
  const { stream } = await model.doStream(call);
  const parts: unknown[] = [];
  for await (const part of stream)
    if (streamedTypes.has(part.type)) parts.push(comparable(part as Record<string, unknown>));
  return parts;
}

function models(body: string): [LanguageModelV4, LanguageModelV4] {
  const contentType = body.startsWith('{') ? 'application/json' : 'text/event-stream';
  const fetch = () => fixtureFetch({ headers: { 'content-type': contentType }, body }).fetch;
  return [
    createAnthropic({ apiKey: 'sk-ant-test', baseURL: 'http://fixture.invalid', fetch: fetch() })(
      'claude-test',
    ),
    createAISDKAnthropic({ apiKey: 'sk-ant-test', baseURL: 'http://fixture.invalid/v1', fetch: fetch() })(
      'claude-test',
    ),
  ];
}

describe('our Anthropic adapter and @ai-sdk/anthropic agree on server tools besides web search', () => {
  it.each(Object.keys(bodies))('%s, generated', async (name) => {
    const [ours, theirs] = models(JSON.stringify(bodies[name]));
    const reference = await generated(theirs);
    expect(reference.some((part) => (part as { type: string }).type === 'tool-result')).toBe(true);
    expect(await generated(ours)).toEqual(reference);
  });

  it.each(Object.keys(bodies))('%s, streamed', async (name) => {
    const [ours, theirs] = models(sseOf(bodies[name] as Parameters<typeof sseOf>[0]));
    const reference = await streamed(theirs);
    expect(reference.some((part) => (part as { type: string }).type === 'tool-result')).toBe(true);
    expect(await streamed(ours)).toEqual(reference);
  });
});
