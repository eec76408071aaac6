/**
 * Above this many entries a listing is summarised (`status`, `last`: running and failing
 * builders named, the rest counted; `running`, `pending`: the rest counted). Buildbot's bot
 * sends one line per builder, 201 lines on a 200-builder master, over a minute of paced lines
 * on IRC.
 */
export const LIST_LIMIT = 12;
