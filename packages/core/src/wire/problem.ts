import type { ErrorCode } from '../errors/error-codes';

export interface ProblemFieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem body as every error response carries it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  request_id: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}
