import { randomUUID } from 'node:crypto';
import { headerOf, type Step } from '../pipeline';
import { responseContext } from '../request-context';
import { setResponseHeader } from '../staged-headers';

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Gives every request an id (the caller's `X-Request-Id` when it is sane) and echoes it. */
export function requestId(): Step {
  return (req, res, next) => {
    const incoming = headerOf(req, 'x-request-id');
    const id = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
    responseContext(res).requestId = id;
    setResponseHeader(res, 'X-Request-Id', id);
    next();
  };
}
