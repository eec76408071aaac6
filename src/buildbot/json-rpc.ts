/**
 * Buildbot's control calls are JSON-RPC 2.0 POSTs to an object's path (www/rest.py). Errors
 * come back as `{"error": {"code", "message"}}` where `message` is text, or, for a force
 * that failed validation, an object field -> text (forcesched.CollectedValidationError).
 */
import { z } from 'zod';
import { cleanControlValues } from './clean-control-text.js';

export function rpcRequestBody(method: string, params: Record<string, unknown>, id: number): string {
  return JSON.stringify({ jsonrpc: '2.0', method, id, params: cleanControlValues(params) });
}

const rpcErrorSchema = z.object({
  error: z.object({ code: z.number().optional(), message: z.unknown() }),
});
const rpcResultSchema = z.object({ jsonrpc: z.literal('2.0'), result: z.unknown() });

export type RpcAnswer =
  | { kind: 'result'; result: unknown }
  | { kind: 'error'; code: number | null; detail: string }
  /** Not JSON-RPC at all (a proxy's error page, an empty body). */
  | { kind: 'other'; detail: string };

export function readRpcAnswer(text: string): RpcAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'other', detail: excerpt(text) };
  }
  // Errors first: Buildbot writes `error` without `jsonrpc` when it fails before parsing the call.
  const error = rpcErrorSchema.safeParse(json);
  if (error.success) return { kind: 'error', code: error.data.error.code ?? null, detail: formatRpcErrorDetail(error.data.error.message) };
  const result = rpcResultSchema.safeParse(json);
  if (result.success && 'result' in (json as object)) return { kind: 'result', result: result.data.result };
  return { kind: 'other', detail: excerpt(text) };
}

/**
 * Readable text for an error `message`: text as is; an object as "field: text; field: text",
 * without repeating a field name the text already starts with (Buildbot's username error
 * reads "username: please fill in email address ...").
 */
export function formatRpcErrorDetail(message: unknown): string {
  if (typeof message === 'string') return message;
  if (typeof message === 'object' && message !== null && !Array.isArray(message)) {
    const parts = Object.entries(message).map(([field, text]) => {
      const value = typeof text === 'string' ? text : JSON.stringify(text);
      return value.startsWith(`${field}:`) ? value : `${field}: ${value}`;
    });
    if (parts.length > 0) return parts.join('; ');
  }
  return JSON.stringify(message) ?? 'no detail';
}

/** The start of an unexpected body, on one line, for error messages. */
export function excerpt(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return 'empty answer';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
