/**
 * A reply's picture as Matrix sends one: the PNG uploaded to the homeserver's media repository
 * (POST /_matrix/media/v3/upload, through matrix-js-sdk's uploadContent), then an m.image event
 * pointing at its mxc:// URI, with the size clients need to lay it out before it loads
 * (client-server spec, "m.image").
 */
import type { MatrixClient } from 'matrix-js-sdk';
import type { ReplyImage } from '../../core/reply.js';

export interface MatrixImageContent {
  msgtype: 'm.image';
  /** What the picture shows: the text clients without images and screen readers give. */
  body: string;
  filename: string;
  url: string;
  info: { mimetype: 'image/png'; w: number; h: number; size: number };
  'm.mentions': Record<string, never>;
}

const FILENAME = 'chart.png';

export async function uploadImage(client: MatrixClient, image: ReplyImage): Promise<MatrixImageContent> {
  const bytes = Buffer.from(image.png);
  const { content_uri: url } = await client.uploadContent(bytes, { name: FILENAME, type: 'image/png', includeFilename: true });
  return {
    msgtype: 'm.image',
    body: image.alt,
    filename: FILENAME,
    url,
    info: { mimetype: 'image/png', w: image.width, h: image.height, size: bytes.length },
    'm.mentions': {},
  };
}
