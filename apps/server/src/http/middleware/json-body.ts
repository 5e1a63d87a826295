import express, { type RequestHandler } from 'express';
import { MAX_BODY_BYTES, UnsupportedMediaTypeError, parseJsonText } from '@config-service/core';
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
    if (!req.is(['application/json', 'application/*+json'])) {
      throw new UnsupportedMediaTypeError(`send the body as application/json (got ${req.get('content-type') ?? 'no content type'})`);
    }
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) {
      throw new UnsupportedMediaTypeError(`JSON bodies must be UTF-8 (got charset ${charset})`);
    }
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
