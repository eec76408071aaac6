/** What the notifier asks of the people features (src/people/people-service.ts). */
import type { TemplateReply } from '../core/reply.js';
import type { StoredChat } from '../store/stored-chat.js';
import type { BuildNotice } from './describe-build.js';

export interface NotifyPeople {
  /** Read every build's changes, not only failed ones: someone follows their own builds. */
  wantsAllBlame(): boolean;
  /** Whether the person (a `--mine` subscription's key) is in the build's blamelist or owns it. */
  involves(personKey: string, notice: BuildNotice): boolean;
  /**
   * A chat's notification of `events` with the people it mentions there, and why it waits for
   * the chat's digest (null: send it now).
   */
  shape(target: StoredChat, events: ReadonlySet<string>, notice: BuildNotice | null, reply: TemplateReply): { reply: TemplateReply; held: string | null };
}
