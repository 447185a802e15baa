import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../lib/trpc';
import { renderAt } from '../../test/renderAt';
import { useLocale } from '../../stores/locale';
import { SignInPage } from './SignInPage';

const at = (url: string) => renderAt(url, <SignInPage />);

describe('the sign-in page after a failed single sign-on', () => {
  beforeEach(() => {
    useLocale.setState({ locale: 'en' });
    queryClient.setQueryData(trpc.auth.options.queryKey(), {
      setupRequired: false,
      demoAccounts: [],
      oidc: { label: 'Authentik' },
    });
    queryClient.setQueryData(trpc.auth.session.queryKey(), null);
  });
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('says why in its own words for a known code', () => {
    at('/sign-in?error=no-role');
    expect(screen.getByRole('alert').textContent).toBe(
      'Your identity provider account has no role in ralf-ui. Ask an administrator to map one of your groups.',
    );
  });

  it('never shows text from the address: anything else is a plain failure', () => {
    at('/sign-in?error=Your%20account%20is%20locked.%20Call%20%2B1-555-0100%20now');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('Single sign-on failed. Try again.');
    expect(document.body.textContent).not.toContain('555-0100');
  });
});
