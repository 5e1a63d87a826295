import { isConfigServiceError } from '../session/sdk';

/** What went wrong and what to do about it, in words a person can act on. */
export function describeError(error: unknown): string {
  if (!isConfigServiceError(error)) return error instanceof Error ? error.message : String(error);
  switch (error.code) {
    case 'unauthorized':
      return 'The server no longer accepts this key (revoked or expired). Sign out and sign in with a valid API key.';
    case 'forbidden':
      return `Your key may not do this (${error.message}). Ask an admin for a key with the needed role or namespace.`;
    case 'unavailable':
      return `The server cannot be reached (${error.message}). Check that it is running; then try again.`;
    case 'rate_limited':
      return 'Too many requests: wait a few seconds and try again.';
    case 'payload_too_large':
      return 'The value is larger than the server accepts (1 MiB): make it smaller.';
    case 'validation_failed': {
      const details = (error as { errors?: { path: string; message: string }[] }).errors ?? [];
      // Pointers into the request body: `/value/...` is a field of the value, which is what
      // breaking the key's schema looks like.
      const inValue = details.filter((e) => e.path === '/value' || e.path.startsWith('/value/'));
      if (inValue.length > 0 && inValue.length === details.length) {
        const list = inValue.map((e) => `${e.path.slice('/value'.length) || '(the whole value)'}: ${e.message}`).join('; ');
        return `The server refused the value: it does not match this key's schema (${list}). Correct it and try again.`;
      }
      const list = details.map((e) => `${e.path || '/'}: ${e.message}`).join('; ');
      return `The server refused the input: ${list || error.message}. Correct it and try again.`;
    }
    default:
      return error.message;
  }
}

export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error === undefined || error === null) return null;
  return (
    <div className="note note-error" role="alert">
      <span>{describeError(error)}</span>
      {onRetry && (
        <button type="button" className="button-link" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
