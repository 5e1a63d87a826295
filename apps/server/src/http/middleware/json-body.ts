import express, { type RequestHandler } from 'express';
import { MAX_BODY_BYTES, parseJsonText } from '@config-service/core';
import { assertJsonContentType } from '@config-service/contract';
import type { RequestContext } from '../request-context';

// Bodies up to MAX_BODY_BYTES are read (the mock reads the same); the contract's own limits are
// checked on the encoded value afterwards.
const readText = express.text({ type: () => true, limit: MAX_BODY_BYTES, defaultCharset: 'utf-8' });

/**
 * Reads a JSON body without losing number precision. The content type must be JSON and the
 * charset UTF-8 (415 otherwise); the size is capped before parsing (413).
 */
export function jsonBody(): RequestHandler {
  return (req, res, next) => {
    assertJsonContentType(req.get('content-type'));
    readText(req, res, (error?: unknown) => {
      if (error) return next(error);
      try {
        (res.locals as RequestContext).body = parseJsonText(typeof req.body === 'string' ? req.body : '');
        next();
      } catch (parseError) {
        next(parseError);
      }
    });
  };
}
