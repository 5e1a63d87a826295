import { MAX_BODY_BYTES, PayloadTooLargeError, parseJsonText, utf8Length } from '@config-service/core';
import { assertJsonContentType } from '@config-service/contract';

/**
 * Reads a JSON body without losing number precision. The content type must be JSON
 * (`application/json` or `application/*+json`) and the charset UTF-8, else 415; past
 * MAX_BODY_BYTES, 413; malformed JSON, 400.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  assertJsonContentType(request.headers.get('content-type'));
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES || utf8Length(text) > MAX_BODY_BYTES) throw tooLarge();
  return parseJsonText(text);
}

function tooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError(`the body is larger than ${MAX_BODY_BYTES} bytes`);
}
