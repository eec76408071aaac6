/**
 * The nick to try when the wanted one is taken at sign-on: "bbot_", then "bbot__", then the
 * nick with three random digits (a nick of the server's full length cannot grow, so from the
 * third try on it is shortened). The connection keeps asking for the wanted nick afterwards.
 */
export function fallbackNick(wanted: string, attempt: number, random: () => number = Math.random): string {
  if (attempt <= 1) return `${wanted}_`;
  if (attempt === 2) return `${wanted}__`;
  return `${wanted.slice(0, 6)}${100 + Math.floor(random() * 900)}`;
}
