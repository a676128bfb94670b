import type { NestFastifyApplication } from '@nestjs/platform-fastify';

// Placeholder wired into createApp(); the deadlines work replaces it with Bull Board at /admin/queues.
export async function mountQueueDashboard(_app: NestFastifyApplication): Promise<void> {}
