/**
 * The size a PNG says it has, read from its signature and IHDR chunk (the PNG specification,
 * sections 5.2 and 11.2.2: the first chunk is IHDR, width and height as 4-byte big-endian
 * integers); null when the bytes are no PNG.
 */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function readPngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length < 24 || !data.subarray(0, 8).equals(SIGNATURE)) return null;
  if (data.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}
