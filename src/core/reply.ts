/**
 * What the core says back. A reply names an eta template of the catalogue (reply-catalogue.ts)
 * and its data, checked at compile time; each adapter renders it
 * with its own text format (plain, IRC colours, Telegram HTML), so no command knows where it
 * runs. `text` is a shortcut for a reply that is one plain, untrusted string.
 */
import type { FormSpec } from './form.js';
import type { ReplyData, TemplateName } from './reply-catalogue.js';

export interface Choice {
  /** Button label (Telegram) or list entry (text platforms). */
  label: string;
  /** The command line run, as the pressing user, when the choice is taken. */
  command: string;
}

/**
 * The build a notification is about, for platforms that tie a build's messages together
 * (Telegram edits its "started" message into the result). `key` is unique across masters.
 */
export interface NotificationBuild {
  key: string;
  stage: 'started' | 'finished';
}

/**
 * A notification sent again after a restart: the process before may have written it just
 * before it died, so it may have arrived already. Renderers say so after the text.
 */
export const REPEATED_NOTE = '(repeated after a restart)';

/**
 * A picture a reply carries besides its text (the stats chart). Platforms that show images send
 * it with the text as its caption; the others send the text alone, which must say it all.
 */
export interface ReplyImage {
  png: Uint8Array;
  /** What the picture shows, in words: Matrix's body, screen readers. */
  alt: string;
  width: number;
  height: number;
}

interface ReplyOptions {
  /** See REPEATED_NOTE. */
  repeated?: boolean;
  /** Set on build notifications only. */
  build?: NotificationBuild;
  /** An authz refusal: a platform may show it to the asker alone (Telegram: a button's alert). */
  refusal?: true;
  /** Options a platform may show as buttons; text platforms may list them. */
  choices?: Choice[];
  /** A form a platform with buttons walks the user through; text platforms show the template. */
  form?: FormSpec;
  /** Set only where the capabilities say `images`. */
  image?: ReplyImage;
}

/** A reply from one template of the catalogue; `data` may be left out when it has no field. */
export type TemplateReplyOf<T extends TemplateName> = ReplyOptions &
  ({} extends ReplyData<T> ? { template: T; data?: ReplyData<T> } : { template: T; data: ReplyData<T> });

export type TemplateReply = { [T in TemplateName]: TemplateReplyOf<T> }[TemplateName];

export interface TextReply {
  text: string;
  /** See REPEATED_NOTE. */
  repeated?: boolean;
  choices?: Choice[];
}

export type Reply = TemplateReply | TextReply;

export function isTemplateReply(reply: Reply): reply is TemplateReply {
  return 'template' in reply;
}
