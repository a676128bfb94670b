import { DomainError } from '../errors/domain-error.js';

export const QueueDashboardErrors = {
  unauthenticated: () =>
    new DomainError(
      'auth.unauthenticated',
      401,
      'The queue dashboard is for owners: send Authorization: Bearer <owner access token>, or open a browser session with POST /v1/admin/queue-dashboard-session first.',
      { headers: { 'www-authenticate': 'Bearer realm="bloom"' } },
    ),
  crossSite: () => new DomainError('queue_dashboard.cross_site', 403, 'Changes through the queue dashboard must come from the dashboard page itself, not another site.'),
};
