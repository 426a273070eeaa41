import type { Dashboard } from '@ava/contracts';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockFetch, renderWithApp } from '../../../test/render';
import { DashboardPage } from './dashboard-page';

const dashboard: Dashboard = {
  days: 7,
  calls: { value: 5, previous: 2 },
  appointments: { value: 1, previous: 0 },
  answerRate: { value: 1, previous: 1 },
  satisfaction: { value: null, previous: null },
  perDay: Array.from({ length: 7 }, (_, i) => ({ date: `2026-11-0${i + 1}`, calls: i % 3 })),
  recentCalls: [],
};

describe('DashboardPage', () => {
  it('greets the owner and then draws the calls chart, whose code loads on its own', async () => {
    mockFetch({ 'GET /api/v1/orgs/org1/dashboard': { body: dashboard } });
    renderWithApp(() => <DashboardPage orgId="org1" name="Ana Martin" />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Ana' })).toBeTruthy();
    expect(await screen.findByRole('img', { name: 'Calls per day' })).toBeTruthy();
  });
});
