import { MAX_BODY_BYTES, PayloadTooLargeError, UnsupportedMediaTypeError, parseJsonText, utf8Length } from '@config-service/core';

/**
 * Reads a JSON body without losing number precision. The content type must be JSON
 * (`application/json` or `application/*+json`) and the charset UTF-8, else 415; past
 * MAX_BODY_BYTES, 413; malformed JSON, 400.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const contentType = request.headers.get('content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!/^application\/(?:json|[^/\s;]+\+json)$/.test(mediaType)) {
    throw new UnsupportedMediaTypeError(`send the body as application/json (got ${contentType ?? 'no content type'})`);
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    throw new UnsupportedMediaTypeError(`JSON bodies must be UTF-8 (got charset ${charset})`);
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES || utf8Length(text) > MAX_BODY_BYTES) throw tooLarge();
  return parseJsonText(text);
}

function tooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError(`the body is larger than ${MAX_BODY_BYTES} bytes`);
}
