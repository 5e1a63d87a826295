import { useCallback, useState } from 'react';

/** A stack of cursors: the current page's is on top, "back" pops it. Reset when a filter changes. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    page: cursors.length,
    next: useCallback((cursor: string) => setCursors((list) => [...list, cursor]), []),
    back: useCallback(() => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)), []),
    reset: useCallback(() => setCursors([undefined]), []),
  };
}

interface PagerProps {
  pages: ReturnType<typeof useCursorPages>;
  /** The server's `next_cursor`: null on the last page. */
  nextCursor: string | null | undefined;
  backLabel: string;
  nextLabel: string;
}

export function Pager({ pages, nextCursor, backLabel, nextLabel }: PagerProps) {
  return (
    <div className="pager">
      <button type="button" disabled={pages.page === 1} onClick={pages.back}>
        ← {backLabel}
      </button>
      <span className="muted">Page {pages.page}</span>
      <button type="button" disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
        {nextLabel} →
      </button>
    </div>
  );
}
