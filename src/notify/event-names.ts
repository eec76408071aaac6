/** The events a chat can subscribe to, as in Buildbot's bots (reporters/words.py). */
export const EVENT_NAMES = [
  'started',
  'finished',
  'success',
  'warnings',
  'failure',
  'exception',
  'cancelled',
  'problem',
  'recovery',
  'worse',
  'better',
  'worker',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** `notify on` with no event names: Buildbot's default. */
export const DEFAULT_EVENTS: readonly EventName[] = ['started', 'finished'];

export function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}
