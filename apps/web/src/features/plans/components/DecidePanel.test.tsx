import { permissionsOf, type Plan, type Role, type Session } from '@ralf/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, trpc } from '../../../lib/trpc';
import { useLocale } from '../../../stores/locale';
import { DecidePanel } from './DecidePanel';

function signedInAs(roles: Role[]) {
  const session: Session = {
    user: { id: 'u1', username: 'u', displayName: 'U', roles, permissions: permissionsOf(roles), source: 'local' },
    csrfToken: 'c',
    expiresAt: '2030-01-01T00:00:00Z',
  };
  queryClient.setQueryData(trpc.auth.session.queryKey(), session);
}

const plan = (over: Partial<Plan> = {}): Plan => ({
  id: '11111111-1111-4111-8111-111111111111',
  key: 'k',
  status: 'proposed',
  trigger: 'capacity_drift',
  summary: 'Rebalance',
  risk: 'low',
  trailId: null,
  submittedBy: 'token:a-plan',
  submittedAt: '2026-11-25T12:00:00Z',
  updatedAt: '2026-11-25T12:00:00Z',
  expiresAt: '2026-11-25T14:00:00Z',
  revision: 1,
  revisionHash: 'h',
  approvals: 0,
  approvalsNeeded: 1,
  actionCount: 1,
  scheduledFor: null,
  finishedAt: null,
  error: null,
  staleReason: null,
  deliveries: 0,
  details: '',
  simulation: { nodes: [], thresholds: { cpu: 0.85, mem: 0.9 } },
  policyChecks: [],
  policyOverride: null,
  actionsByNode: [],
  approvalList: [],
  revisions: [],
  log: [],
  approveBlockers: [],
  window: { allowedNow: true, nextAllowedAt: null },
  ...over,
});

const show = (p: Plan) =>
  render(
    <QueryClientProvider client={queryClient}>
      <DecidePanel plan={p} />
    </QueryClientProvider>,
  );

describe('deciding a plan', () => {
  beforeEach(() => useLocale.setState({ locale: 'en' }));
  afterEach(() => {
    cleanup();
    queryClient.clear();
  });

  it('shows a viewer no decide buttons', () => {
    signedInAs(['viewer']);
    show(plan());
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
  });

  it('tells an approver why they cannot approve, and keeps the button off', () => {
    signedInAs(['approver']);
    show(plan({ approveBlockers: [{ code: 'blocker.own', params: {} }] }));
    expect(screen.getByTestId('approve-blockers').textContent).toBe(
      'you submitted this plan; someone else must approve it',
    );
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Approve' }).disabled).toBe(true);
  });

  it('lets an approver reject only with a comment', async () => {
    signedInAs(['approver']);
    show(plan());
    const reject = screen.getByRole<HTMLButtonElement>('button', { name: 'Reject' });
    expect(reject.disabled).toBe(true);
    await userEvent.setup().type(screen.getByRole('textbox', { name: 'Comment' }), 'not during the backup');
    expect(reject.disabled).toBe(false);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Approve' }).disabled).toBe(false);
  });

  it('says so when a new revision arrives while the approver reads the old one', async () => {
    signedInAs(['approver']);
    const view = show(plan());
    view.rerender(
      <QueryClientProvider client={queryClient}>
        <DecidePanel plan={plan({ revision: 2 })} />
      </QueryClientProvider>,
    );
    expect(screen.getByTestId('new-revision').textContent).toMatch(
      /Revision 2 has arrived while you were reading revision 1/,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Review revision 2' }));
    expect(screen.queryByTestId('new-revision')).toBeNull();
  });

  it("offers an admin the ways out of 'needs attention', each needing a reason, and an approver none", async () => {
    signedInAs(['approver']);
    show(plan({ status: 'needs_attention' }));
    expect(screen.queryByRole('button', { name: 'Retry the delivery' })).toBeNull();
    cleanup();
    signedInAs(['admin']);
    show(plan({ status: 'needs_attention', deliveries: 1 }));
    expect(screen.getByTestId('plan-attention').textContent).toMatch(/retry the delivery \(the same Idempotency-Key/);
    const retry = screen.getByRole('button', { name: 'Retry the delivery' });
    const fail = screen.getByRole('button', { name: 'Mark failed' });
    expect(retry.hasAttribute('disabled') && fail.hasAttribute('disabled')).toBe(true);
    await userEvent.setup().type(screen.getByLabelText(/Reason \(admin/), 'n8n was down');
    expect(retry.hasAttribute('disabled') || fail.hasAttribute('disabled')).toBe(false);
  });

  it('shows no card once there is nothing to decide', () => {
    signedInAs(['approver']);
    for (const status of ['applied', 'failed', 'rejected', 'applying'] as const) {
      show(plan({ status }));
      expect(screen.queryByTestId('decide-panel'), status).toBeNull();
      cleanup();
    }
  });
});
