/**
 * Failures a test asks for: the next N calls, or every call for T ms, answer 429 with
 * retry_after, 500, 502 (nginx's HTML page), or lose the connection. A rule may be limited to
 * some methods, so that a test can fail sendMessage while long polling goes on.
 */
import { internalServerError, TelegramError, tooManyRequests } from './errors.js';

export type Fault =
  | { code: 429; retryAfter: number }
  | { code: 500 }
  | { code: 502 }
  /** The connection is closed without an answer. */
  | { code: 'reset' };

export interface FaultScope {
  /** Method names (any case); all methods when omitted. */
  methods?: string[];
}

interface Rule {
  fault: Fault;
  methods: ReadonlySet<string> | null;
  remaining: number;
  until: number;
}

export class FaultInjector {
  private rules: Rule[] = [];

  constructor(private readonly now: () => number) {}

  failNext(count: number, fault: Fault, scope: FaultScope = {}): void {
    this.rules.push({ fault, methods: methodSet(scope), remaining: count, until: Number.POSITIVE_INFINITY });
  }

  failFor(ms: number, fault: Fault, scope: FaultScope = {}): void {
    this.rules.push({ fault, methods: methodSet(scope), remaining: Number.POSITIVE_INFINITY, until: this.now() + ms });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this call, if a rule applies (and count it against that rule). */
  take(method: string): Fault | undefined {
    const now = this.now();
    this.rules = this.rules.filter((rule) => rule.remaining > 0 && rule.until > now);
    const rule = this.rules.find((candidate) => candidate.methods === null || candidate.methods.has(method.toLowerCase()));
    if (!rule) return undefined;
    rule.remaining--;
    return rule.fault;
  }
}

function methodSet(scope: FaultScope): ReadonlySet<string> | null {
  return scope.methods ? new Set(scope.methods.map((method) => method.toLowerCase())) : null;
}

/** The API error a JSON fault answers with (502 and reset have none). */
export function faultError(fault: Fault): TelegramError | undefined {
  if (fault.code === 429) return tooManyRequests(fault.retryAfter);
  if (fault.code === 500) return internalServerError();
  return undefined;
}
