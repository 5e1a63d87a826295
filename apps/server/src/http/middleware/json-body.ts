import getRawBody from 'raw-body';
import { MAX_BODY_BYTES, PayloadTooLargeError, ValidationError } from '@config-service/core';
import { assertJsonContentType } from '@config-service/contract';
import { JsonParsePool } from '../json-parse-pool';
import { headerOf, type Step } from '../pipeline';
import { responseContext } from '../request-context';

// Invalid UTF-8 is refused, not silently replaced with U+FFFD and stored.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
// One worker thread for the whole process: large bodies are parsed there, one after another.
const parser = new JsonParsePool();

/**
 * Reads a JSON body without losing number precision. The content type must be JSON and the
 * charset UTF-8 (415 otherwise). The size limit is enforced while reading: a `Content-Length`
 * over it is refused before a byte is read, and a streamed body as soon as it passes it (413;
 * the error handler answers at once and discards the rest after the answer). Mount it after
 * authentication and the route's role check, so only a caller allowed to write costs a read.
 * Large bodies are parsed on a worker thread, so even allowed writers cannot stall the server.
 * A pipeline step: Express mounts it, and the fast write path runs it without Express.
 */
export function jsonBody(limit = MAX_BODY_BYTES): Step {
  return async (req, res, next) => {
    assertJsonContentType(headerOf(req, 'content-type'));
    const tooLarge = () => new PayloadTooLargeError(`the body is larger than ${limit} bytes`);
    const declared = headerOf(req, 'content-length');
    if (declared !== undefined && Number(declared) > limit) throw tooLarge();
    let raw: Buffer;
    try {
      raw = await getRawBody(req, { limit, ...(declared !== undefined ? { length: declared } : {}) });
    } catch (error) {
      if ((error as { type?: string }).type === 'entity.too.large') throw tooLarge();
      throw new ValidationError('the body could not be read', { cause: error });
    }
    let text: string;
    try {
      text = strictUtf8.decode(raw);
    } catch (error) {
      throw new ValidationError('the body is not valid UTF-8', { cause: error });
    }
    responseContext(res).body = await parser.parse(text);
    next();
  };
}
