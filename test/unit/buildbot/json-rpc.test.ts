import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatRpcErrorDetail, readRpcAnswer, rpcRequestBody } from '../../../src/buildbot/json-rpc.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/buildbot/${name}`, import.meta.url), 'utf8');

describe('JSON-RPC error details', () => {
  it('turns a validation error object into "field: text; field: text" without doubling the field name', () => {
    const answer = readRpcAnswer(fixture('force-bad-choice.json'));
    expect(answer).toEqual({
      kind: 'error',
      code: -32602,
      detail:
        "username: please fill in email address in the form 'User <email@email.com>'; " +
        "result: 'maybe' does not belong to list of available choices '['auto', 'pass', 'warn', 'fail']'",
    });
  });

  it('keeps a text message as it is', () => {
    const text = '{"jsonrpc": "2.0", "id": 1, "error": {"code": -32600, "message": "you need to have role \'admins\'"}}';
    expect(readRpcAnswer(text)).toEqual({ kind: 'error', code: -32600, detail: "you need to have role 'admins'" });
  });

  it("reads Buildbot's error written before the call was parsed (no jsonrpc key)", () => {
    expect(readRpcAnswer('{"error": {"message": "invalid origin"}}')).toEqual({ kind: 'error', code: null, detail: 'invalid origin' });
  });

  it('formats values that are not text', () => {
    expect(formatRpcErrorDetail({ count: 3 })).toBe('count: 3');
    expect(formatRpcErrorDetail(null)).toBe('null');
  });
});

describe('JSON-RPC answers', () => {
  it('reads a force result', () => {
    expect(readRpcAnswer(fixture('force-result.json'))).toEqual({ kind: 'result', result: [1, { '4': 1 }] });
  });

  it('reads a null result (stop)', () => {
    expect(readRpcAnswer('{"id":2,"jsonrpc":"2.0","result":null}')).toEqual({ kind: 'result', result: null });
  });

  it('calls anything else "other", with the start of the body', () => {
    expect(readRpcAnswer('<html><body><h1>502 Bad Gateway</h1></body></html>')).toEqual({
      kind: 'other',
      detail: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    });
    expect(readRpcAnswer('')).toEqual({ kind: 'other', detail: 'empty answer' });
    expect(readRpcAnswer('{"jsonrpc":"2.0"}').kind).toBe('other');
  });

  it('writes a JSON-RPC 2.0 call', () => {
    expect(JSON.parse(rpcRequestBody('stop', { reason: 'r' }, 7))).toEqual({ jsonrpc: '2.0', method: 'stop', id: 7, params: { reason: 'r' } });
  });
});
