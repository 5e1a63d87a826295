import { useCallback, useEffect, useRef, useState } from 'react';
import { useConfigClient } from '@config-service/react';
import { ErrorNote } from '../components/error-note';
import { TimeAgo } from '../components/time-ago';
import { hrefOf } from '../routing';
import type { ConfigEntry } from '../session/sdk';
import { useSession } from '../session/session-context';
import { LiveBadge } from './namespace-scope';
import { CreateEntryForm } from './create-entry-form';
import { previewOf } from './value-preview';
import { Pager, useCursorPages } from '../components/pager';

const PAGE_SIZE = 50;

interface PageState {
  items: ConfigEntry[];
  next: string | null;
}

/**
 * The keys of one namespace, a page at a time from the server (a namespace may hold many
 * thousands: only one page is ever in the DOM). Changes seen by the watch update the page.
 */
export function KeysPage({ namespace }: { namespace: string }) {
  const session = useSession();
  const client = useConfigClient();
  const [prefix, setPrefix] = useState('');
  const pages = useCursorPages();
  const [page, setPage] = useState<PageState | null>(null);
  const [error, setError] = useState<unknown>();
  const [creating, setCreating] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  const cursor = pages.cursor;

  const load = useCallback(async () => {
    try {
      const listing = await client.list({ namespace, prefix: prefix || undefined, limit: PAGE_SIZE, cursor });
      setPage({ items: listing.items, next: listing.next_cursor });
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  }, [client, namespace, prefix, cursor]);
  useEffect(() => void load(), [load]);

  // A change to a key on this page replaces its row; a new or deleted key reloads the page.
  useEffect(() => {
    let reload: ReturnType<typeof setTimeout> | undefined;
    const stop = client.subscribe({ namespace }, (change) => {
      setPage((current) => {
        if (!current) return current;
        const at = current.items.findIndex((item) => item.key === change.key);
        const entry = client.getEntry(change.key, { namespace });
        if (at >= 0 && entry) return { ...current, items: current.items.map((item, i) => (i === at ? entry : item)) };
        clearTimeout(reload);
        reload = setTimeout(() => void load(), 150);
        return current;
      });
    });
    return () => {
      stop();
      clearTimeout(reload);
    };
  }, [client, namespace, load]);

  // "/" jumps to the search box, as in most consoles.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === '/' && !/INPUT|TEXTAREA/.test(target.tagName) && !target.isContentEditable) {
        event.preventDefault();
        search.current?.focus();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={hrefOf({ page: 'namespaces' })}>Namespaces</a> / <span aria-current="page">{namespace}</span>
      </nav>
      <div className="page-head">
        <h1>{namespace}</h1>
        <LiveBadge />
        {session.canWrite && !creating && (
          <button type="button" className="button-primary" onClick={() => setCreating(true)}>
            New key
          </button>
        )}
      </div>
      {creating && <CreateEntryForm namespace={namespace} onDone={() => setCreating(false)} />}
      <div className="toolbar">
        <label htmlFor="key-prefix">Filter by key prefix</label>
        <input
          id="key-prefix"
          ref={search}
          type="search"
          value={prefix}
          placeholder="stripe.   (press / to focus)"
          onChange={(event) => {
            setPrefix(event.target.value.trim());
            pages.reset();
          }}
        />
      </div>
      <ErrorNote error={error} onRetry={() => void load()} />
      {page && page.items.length === 0 && (
        <div className="empty">
          {prefix ? (
            <p>No key starts with “{prefix}”. Clear the filter to see every key.</p>
          ) : (
            <p>This namespace has no keys yet.{session.canWrite ? ' Use “New key” to create the first.' : ''}</p>
          )}
        </div>
      )}
      {page && page.items.length > 0 && (
        <table className="table" data-testid="keys-table">
          <caption className="visually-hidden">Keys of {namespace}</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
              <th scope="col" className="num">
                Version
              </th>
              <th scope="col">Changed by</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((entry) => (
              <tr key={entry.key} data-key={entry.key}>
                <td>
                  <a href={hrefOf({ page: 'entry', namespace, key: entry.key, tab: 'edit' })}>{entry.key}</a>
                  {entry.secret && <span className="badge badge-secret">secret</span>}
                </td>
                <td className="value-cell">
                  <code>{entry.secret ? '••••••' : previewOf(entry.value)}</code>
                </td>
                <td className="num">{entry.version}</td>
                <td>{entry.updated_by}</td>
                <td>
                  <TimeAgo iso={entry.updated_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={page?.next} backLabel="Previous" nextLabel="Next" />
    </section>
  );
}
