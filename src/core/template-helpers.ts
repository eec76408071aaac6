/**
 * Functions templates call as `it.h.NAME`: the logic of a reply (joins, lists, choices between
 * words) lives here, named, so a template reads as the text it prints.
 */
import { formatAgo, formatDuration } from './format-time.js';
import { resultName, resultPhrase } from '../buildbot/results.js';

export const templateHelpers = {
  ago: (when: number | null | undefined) => formatAgo(when),
  duration: formatDuration,
  resultName,
  resultPhrase,
  shortRevision: (revision: string | null | undefined) => (revision ? revision.slice(0, 12) : ''),
  plural: (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`,
};
