/**
 * Bloom as production runs it (createApp, auth, validation, JSON request logs), in its own
 * process. Logs go to /dev/null: they are produced and serialised, just not printed.
 */
import 'reflect-metadata';
import pino from 'pino';
import { createApp } from '../../src/configure-app.js';
import { loadConfig } from '../../src/config/index.js';

const config = loadConfig({ ...process.env, BLOOM_ROLE: 'api', NODE_ENV: 'production', SWAGGER_ENABLED: 'false' });
const app = await createApp({ config, logDestination: pino.destination({ dest: '/dev/null', sync: false }) });
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${await app.getUrl()}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
