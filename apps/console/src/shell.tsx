import { ThemeToggle } from './components/theme-toggle';
import { hrefOf, useRoute, type Route } from './routing';
import { useSession } from './session/session-context';
import { NamespacesPage } from './pages/namespaces-page';
import { NamespaceScope } from './pages/namespace-scope';
import { KeysPage } from './pages/keys-page';
import { EntryPage } from './pages/entry-page';
import { ApiKeysPage } from './pages/api-keys-page';
import { AuditPage } from './pages/audit-page';

/** Header, navigation and the current page. */
export function Shell({ onSignOut }: { onSignOut(): void }) {
  const session = useSession();
  const route = useRoute();
  const role = session.isAdmin ? 'admin' : session.canWrite ? 'writer' : 'reader';
  const current = (page: Route['page'][]) => (page.includes(route.page) ? 'page' : undefined);
  return (
    <>
      <a className="skip-link" href="#main" onClick={(event) => (event.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">config-service</span>
        <nav aria-label="Main">
          <a href={hrefOf({ page: 'namespaces' })} aria-current={current(['namespaces', 'keys', 'entry'])}>
            Namespaces
          </a>
          {session.isAdmin && (
            <>
              <a href={hrefOf({ page: 'apikeys' })} aria-current={current(['apikeys'])}>
                API keys
              </a>
              <a href={hrefOf({ page: 'audit' })} aria-current={current(['audit'])}>
                Audit log
              </a>
            </>
          )}
        </nav>
        <div className="topbar-end">
          <span className="identity" data-testid="identity">
            {session.identity.name} · <span className="badge">{role}</span>
          </span>
          <ThemeToggle />
          <button type="button" className="button-quiet" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <CurrentPage route={route} />
      </main>
    </>
  );
}

function CurrentPage({ route }: { route: Route }) {
  const session = useSession();
  switch (route.page) {
    case 'namespaces':
      return <NamespacesPage />;
    case 'keys':
      return (
        <NamespaceScope namespace={route.namespace} key={route.namespace}>
          <KeysPage namespace={route.namespace} />
        </NamespaceScope>
      );
    case 'entry':
      return (
        <NamespaceScope namespace={route.namespace} key={route.namespace}>
          <EntryPage namespace={route.namespace} entryKey={route.key} tab={route.tab} />
        </NamespaceScope>
      );
    case 'apikeys':
      return session.isAdmin ? <ApiKeysPage /> : <NotAllowed />;
    case 'audit':
      return session.isAdmin ? <AuditPage /> : <NotAllowed />;
  }
}

function NotAllowed() {
  return (
    <section className="page">
      <h1>Not available</h1>
      <p>This page is for admin keys. Sign in with an admin key to manage API keys and read the audit log.</p>
    </section>
  );
}
