/**
 * A method's parameters, from any of the ways the Bot API accepts them: the query string,
 * application/json, application/x-www-form-urlencoded, or multipart/form-data (grammY sends JSON,
 * and multipart when a file is attached: each field a part, objects JSON-encoded, files referred
 * to as `attach://<part name>`). Values from a form are strings that Telegram converts per field;
 * so does this.
 */
import { badRequest } from './errors.js';

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

export class Params {
  constructor(
    private readonly values: Map<string, unknown>,
    private readonly files: Map<string, UploadedFile>,
  ) {}

  has(name: string): boolean {
    const value = this.values.get(name);
    return value !== undefined && value !== null && value !== '';
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  }

  /** Telegram reads integers leniently: a missing or unreadable value counts as absent. */
  integer(name: string): number | undefined {
    const value = this.values.get(name);
    if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
    if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
    return undefined;
  }

  boolean(name: string): boolean {
    const value = this.values.get(name);
    return value === true || value === 1 || value === 'true' || value === 'True' || value === '1';
  }

  /** An object parameter: already parsed in a JSON body, JSON text in a form; undefined if absent. */
  json(name: string, whenUnreadable: string): unknown {
    const value = this.values.get(name);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw badRequest(whenUnreadable);
    }
  }

  /** A file sent as a part of its own name or referred to as attach://<part>. */
  file(name: string): UploadedFile | undefined {
    const direct = this.files.get(name);
    if (direct) return direct;
    const reference = this.values.get(name);
    if (typeof reference === 'string' && reference.startsWith('attach://')) return this.files.get(reference.slice('attach://'.length));
    return undefined;
  }

  /** For the call log: every value, files as their name and size. */
  record(): Record<string, unknown> {
    const out: Record<string, unknown> = Object.fromEntries(this.values);
    for (const [name, file] of this.files) out[name] = { filename: file.filename, size: file.data.length };
    return out;
  }
}

export function parseParams(contentType: string | undefined, body: Buffer, query: URLSearchParams): Params {
  const values = new Map<string, unknown>(query);
  const files = new Map<string, UploadedFile>();
  const type = (contentType ?? '').toLowerCase();
  if (body.length === 0) return new Params(values, files);
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest("can't parse JSON object");
    for (const [key, value] of Object.entries(parsed)) values.set(key, value);
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
    const marker = boundary?.[1] ?? boundary?.[2];
    if (!marker) throw badRequest("can't parse multipart/form-data request");
    for (const part of multipartParts(body, marker)) {
      if (part.filename === undefined) values.set(part.name, part.data.toString('utf8'));
      else files.set(part.name, { filename: part.filename, data: part.data });
    }
  } else {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) values.set(key, value);
  }
  return new Params(values, files);
}

interface Part {
  name: string;
  filename: string | undefined;
  data: Buffer;
}

/**
 * Split a multipart body. Lenient about header spelling, since grammY writes
 * `content-disposition:form-data;name="x"` with no spaces and an unquoted filename.
 */
function multipartParts(body: Buffer, boundary: string): Part[] {
  const parts: Part[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const contentStart = start + delimiter.length;
    if (body.subarray(contentStart, contentStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, contentStart);
    if (next === -1) break;
    const raw = body.subarray(contentStart, next);
    const headerEnd = raw.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = raw.subarray(0, headerEnd).toString('utf8');
      let data = raw.subarray(headerEnd + 4);
      if (data.subarray(-2).toString() === '\r\n') data = data.subarray(0, -2);
      const name = /(?:^|[;\s])name="?([^";\r\n]+)"?/i.exec(headers)?.[1];
      const filename = /filename="?([^";\r\n]+)"?/i.exec(headers)?.[1];
      if (name !== undefined) parts.push({ name, filename, data });
    }
    start = next;
  }
  return parts;
}
