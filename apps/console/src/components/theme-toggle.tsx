import { useState, useSyncExternalStore } from 'react';

type Theme = 'light' | 'dark';
// A display preference, not a credential: the one thing the console keeps in localStorage.
const STORAGE_KEY = 'config-service-console:theme';

const darkQuery = () => matchMedia('(prefers-color-scheme: dark)');

/** The system's theme, followed as it changes. */
function useSystemTheme(): Theme {
  return useSyncExternalStore(
    (onChange) => {
      const query = darkQuery();
      query.addEventListener('change', onChange);
      return () => query.removeEventListener('change', onChange);
    },
    () => (darkQuery().matches ? 'dark' : 'light'),
  );
}

/** Follows the system until the user picks a theme. */
export function applyStoredTheme(): void {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'light' || stored === 'dark') document.documentElement.dataset.theme = stored;
}

export function ThemeToggle() {
  const system = useSystemTheme();
  const [picked, setPicked] = useState(() => document.documentElement.dataset.theme as Theme | undefined);
  const theme = picked ?? system;
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="button-quiet"
      aria-label={`Switch to ${next} theme`}
      onClick={() => {
        document.documentElement.dataset.theme = next;
        localStorage.setItem(STORAGE_KEY, next);
        setPicked(next);
      }}
    >
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );
}
