/**
 * What users type reaches the master as force reasons, properties, branches and stop reasons,
 * and the master stores it as it is: a NUL or a CTCP \x01 ends up in the build's properties or
 * its state string, and from there in every client that shows it. Control characters (C0, DEL
 * and C1) are removed from every string sent in a control call; a tab is kept (a property may
 * want one), a line break becomes a space.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function cleanControlText(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ').replace(CONTROL, '');
}

/** Every string in `value`, however deep, cleaned; other values as they are. */
export function cleanControlValues<T>(value: T): T {
  if (typeof value === 'string') return cleanControlText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => cleanControlValues(item)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [cleanControlText(key), cleanControlValues(item)])) as T;
  }
  return value;
}
