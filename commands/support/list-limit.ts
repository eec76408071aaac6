/**
 * Above this many entries a listing is summarised (`status`: running and failing builders named,
 * idle ones counted; `running`, `pending`: the rest counted). Buildbot's bot sends one line per
 * builder, 201 lines on a 200-builder master.
 */
export const LIST_LIMIT = 12;
