export {
  DEFAULT_NAMESPACE,
  NAMESPACE_PATTERN,
  KEY_PATTERN,
  RESERVED_KEYS,
  MAX_VALUE_BYTES,
  MAX_METADATA_BYTES,
  MAX_BODY_BYTES,
  DEFAULT_LIST_LIMIT,
  MAX_LIST_LIMIT,
  isValidNamespace,
  isValidKey,
  describeInvalidKey,
  describeInvalidNamespace,
} from './names';
export { ERROR_STATUS, ERROR_TITLES, PROBLEM_CONTENT_TYPE, WWW_AUTHENTICATE, problemType, isErrorCode } from './errors/error-codes';
export type { ErrorCode } from './errors/error-codes';
export { ConfigServiceError, isConfigServiceError } from './errors/config-service-error';
export type { ConfigServiceErrorOptions } from './errors/config-service-error';
export {
  ValidationError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  AlreadyExistsError,
  ConflictError,
  VersionConflictError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  RateLimitedError,
  InternalError,
  UnavailableError,
  fromProblem,
} from './errors/errors';
export {
  parseJsonText,
  stringifyJson,
  canonicalJson,
  sameJsonValue,
  utf8Length,
  isLosslessNumber,
  LosslessNumber,
} from './json/lossless-json';
export { findUnstorable, MAX_JSON_DEPTH } from './json/storable-value';
export { encodeCursor, decodeCursor } from './wire/cursor';
export { HISTORY_ACTIONS } from './wire/config-entry';
export type {
  JsonValue,
  ConfigMetadata,
  ConfigEntry,
  HistoryAction,
  HistoryItem,
  ChangeEvent,
  NamespaceListing,
  HistoryPage,
  NamespaceSummary,
  NamespaceList,
} from './wire/config-entry';
export type { KeySchema } from './wire/key-schema';
export type { ConfigTypes, TypedNamespace, ConfigValueOf } from './wire/config-types';
export { WATCH_CLOSE_CODES } from './wire/watch';
export type { WatchCloseCode, WatchFrame, WatchReadyFrame, WatchHeartbeatFrame, WatchErrorFrame } from './wire/watch';
export { ROLES, rolesAllow } from './wire/api-key';
export type { Role, ApiKeyInfo, CreatedApiKey, ApiKeyList, CredentialInfo } from './wire/api-key';
export { AUDIT_ENTITY_TYPES } from './wire/audit';
export type { AuditItem, AuditPage, AuditEntityType } from './wire/audit';
export type { Problem, ProblemFieldError } from './wire/problem';
