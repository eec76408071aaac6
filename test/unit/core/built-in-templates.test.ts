/** Every built-in template compiles: the start checks only those a `templates:` folder replaces. */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInTemplatesDir, checkTemplateFiles } from '../../../src/core/template-files.js';

describe('built-in templates', () => {
  it('all compile, as a copy in a folder of their own would be checked at start', () => {
    const copy = mkdtempSync(join(tmpdir(), 'buildbot-chat-templates-'));
    try {
      cpSync(builtInTemplatesDir(), copy, { recursive: true });
      const files = new Map(readdirSync(copy).filter((f) => f.endsWith('.eta')).map((f) => [f.slice(0, -4), join(copy, f)]));
      expect(files.size).toBeGreaterThan(40);
      expect(() => checkTemplateFiles(files)).not.toThrow();
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
