import { ValidationError } from '@config-service/core';
import type { Step } from '../pipeline';

/**
 * No path segment or query parameter of the API accepts a NUL character, and neither store can
 * take one in a text column: a `%00` anywhere in the URL is refused here, before routing.
 */
export function refuseNulInUrl(): Step {
  return (req, _res, next) => {
    if (/%00/.test(req.url ?? '')) throw new ValidationError('the request URL contains a NUL character (%00), which no parameter accepts');
    next();
  };
}
