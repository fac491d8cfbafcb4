import type { LanguageModelV4ToolResultOutput } from '@ai-sdk/provider';

/** A tool result as the text a chat API accepts for a `tool` message. */
export function toolResultText(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return output.reason ?? 'Tool execution denied.';
    case 'content':
      return output.value.map((part) => (part.type === 'text' ? part.text : JSON.stringify(part))).join('\n');
  }
}
