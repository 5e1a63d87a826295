import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/error-note';
import { TimeAgo } from '../components/time-ago';
import { Pager, useCursorPages } from '../components/pager';
import type { AuditItem } from '../session/sdk';
import { useSession } from '../session/session-context';

const PAGE_SIZE = 50;
const ENTITY_TYPES = ['config', 'apikey', 'secrets'] as const;
const ACTIONS = ['created', 'updated', 'deleted', 'rolled_back', 'token_issued', 'rotated'];

interface Filters {
  entity_type: '' | (typeof ENTITY_TYPES)[number];
  entity_id: string;
  user_id: string;
  action: string;
  since: string;
}

const NO_FILTERS: Filters = { entity_type: '', entity_id: '', user_id: '', action: '', since: '' };

export function AuditPage() {
  const { client } = useSession();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const pages = useCursorPages();
  const [items, setItems] = useState<AuditItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const cursor = pages.cursor;

  const load = useCallback(async () => {
    try {
      const page = await client.admin.audit({
        limit: PAGE_SIZE,
        cursor,
        ...(filters.entity_type ? { entity_type: filters.entity_type } : {}),
        ...(filters.entity_id ? { entity_id: filters.entity_id } : {}),
        ...(filters.user_id ? { user_id: filters.user_id } : {}),
        ...(filters.action ? { action: filters.action } : {}),
        ...(filters.since ? { since: new Date(filters.since).toISOString() } : {}),
      });
      setItems(page.items);
      setNext(page.next_cursor);
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  }, [client, filters, cursor]);
  useEffect(() => void load(), [load]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
    pages.reset();
  }

  const set = (field: keyof Filters) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [field]: event.target.value }));
  return (
    <section className="page">
      <h1>Audit log</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter the audit log">
        <div>
          <label htmlFor="audit-entity-type">Entity</label>
          <select id="audit-entity-type" value={draft.entity_type} onChange={set('entity_type')}>
            <option value="">any</option>
            {ENTITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-entity-id">Entity id</label>
          <input id="audit-entity-id" value={draft.entity_id} onChange={set('entity_id')} placeholder="payments/stripe.timeout_ms" />
        </div>
        <div>
          <label htmlFor="audit-user">User</label>
          <input id="audit-user" value={draft.user_id} onChange={set('user_id')} placeholder="deployer" />
        </div>
        <div>
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" value={draft.action} onChange={set('action')}>
            <option value="">any</option>
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action.replace('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-since">Since</label>
          <input id="audit-since" type="datetime-local" value={draft.since} onChange={set('since')} />
        </div>
        <div className="filters-actions">
          <button type="submit" className="button-primary">
            Apply filters
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(NO_FILTERS);
              setFilters(NO_FILTERS);
              pages.reset();
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <ErrorNote error={error} onRetry={() => void load()} />
      {items && items.length === 0 && (
        <div className="empty">
          <p>No audit rows match these filters. Widen them (or clear them) to see more.</p>
        </div>
      )}
      {items && items.length > 0 && (
        <table className="table" data-testid="audit-table">
          <caption className="visually-hidden">Audit rows, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">User</th>
              <th scope="col">Action</th>
              <th scope="col">Entity</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-action={item.action}>
                <td>
                  <TimeAgo iso={item.created_at} />
                </td>
                <td>{item.user_id}</td>
                <td>{item.action.replace('_', ' ')}</td>
                <td>
                  <span className="muted">{item.entity_type}</span> <code>{item.entity_id}</code>
                </td>
                <td className="value-cell">
                  <code>{item.changes ? JSON.stringify(item.changes).slice(0, 120) : ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} nextCursor={next} backLabel="Newer" nextLabel="Older" />
    </section>
  );
}
