import { UnsupportedMediaTypeError } from '@config-service/core';

/**
 * A request body must be JSON (`application/json` or `application/*+json`) in UTF-8; 415
 * otherwise, before the body is read.
 */
export function assertJsonContentType(contentType: string | null | undefined): void {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!/^application\/(?:json|[^/\s;]+\+json)$/.test(mediaType)) {
    throw new UnsupportedMediaTypeError(`send the body as application/json (got ${contentType || 'no content type'})`);
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    throw new UnsupportedMediaTypeError(`JSON bodies must be UTF-8 (got charset ${charset})`);
  }
}
