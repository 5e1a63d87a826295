import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { CONFIG_ROUTES, type ConfigOperations, type OperationRequest, type OperationResult } from '@config-service/contract';
import { principalIn, responseContext } from '../request-context';
import { jsonBody } from '../middleware/json-body';
import { headerOf } from '../pipeline';
import { sendEmpty, sendJson } from '../send';
import { withRequestFacts } from '../../logging/request-facts';

/** Sends what an operation answered. */
export function sendResult(res: ServerResponse, result: OperationResult): void {
  if (result.body === null) return sendEmpty(res, result.status, result.headers);
  sendJson(res, result.status, result.body, result.headers);
}

/** The request as an operation sees it, on node's request and response (with or without Express). */
export function operationRequest(req: IncomingMessage, res: ServerResponse, params: OperationRequest['params'], query: unknown): OperationRequest {
  const context = responseContext(res);
  return { params, query, body: context.body, header: (name) => headerOf(req, name), principal: principalIn(context), requestId: context.requestId };
}

/**
 * HTTP for configuration entries and namespaces: the contract's operations (the MSW mock
 * serves the same ones) on Express routes. A route that takes a body authorizes the caller
 * first and only then reads the body: a refused caller costs no read or parse.
 */
export function configRoutes(operations: ConfigOperations): Router {
  const router = Router();
  for (const route of CONFIG_ROUTES) {
    const handle = async (req: Request, res: Response) => {
      const request = operationRequest(req, res, req.params, req.query);
      sendResult(res, await withRequestFacts(responseContext(res), () => operations[route.operation](request)));
    };
    const verb = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    if (route.body) {
      const authorize: RequestHandler = (req, res, next) => {
        route.authorize(operationRequest(req, res, req.params, req.query));
        next();
      };
      router[verb](route.path, authorize, jsonBody(), handle);
    } else router[verb](route.path, handle);
  }
  return router;
}
