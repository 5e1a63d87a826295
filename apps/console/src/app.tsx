import { useState } from 'react';
import { SessionContext } from './session/session-context';
import { signOut, type Session } from './session/session';
import { SignInPage } from './pages/sign-in-page';
import { Shell } from './shell';
import { navigate } from './routing';

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  if (!session) return <SignInPage onSignedIn={setSession} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell
        onSignOut={() => {
          void signOut(session);
          setSession(null);
          // The next person starts from the top, not on a page of the last one.
          navigate({ page: 'namespaces' });
        }}
      />
    </SessionContext.Provider>
  );
}
