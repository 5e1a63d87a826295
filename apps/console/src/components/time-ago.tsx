const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "3 minutes ago", with the exact time on hover and for screen readers in <time>. */
export function TimeAgo({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">never</span>;
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const [unit, size] = STEPS.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1];
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {format.format(Math.round(seconds / size), unit)}
    </time>
  );
}
