import { DomainError } from '../common/errors/index.js';
import { createApp } from '../configure-app.js';
import { loadConfig } from '../config/index.js';
import { UsersService } from '../modules/identity/index.js';
import { requireFlag, type CliCommand } from './command.js';

/**
 * Creates an owner, typically the first one, so someone can sign in and create everyone else.
 * A second run with the same e-mail (or phone) says so and exits 1, changing nothing.
 */
export const createOwnerCommand: CliCommand = {
  name: 'create-owner',
  summary: 'Create an owner who can sign in (refuses, exit 1, if the e-mail or phone is taken)',
  usage: '--email <e-mail> --password <password> [--name <name>] [--phone <phone>]',
  async run(flags) {
    const email = requireFlag(flags, 'email');
    const password = requireFlag(flags, 'password');
    const name = flags.name && flags.name !== 'true' ? flags.name : undefined;
    const phone = flags.phone && flags.phone !== 'true' ? flags.phone : undefined;

    // The whole app, so the owner is written by the same service, rules and audit as the API; no HTTP listener.
    const config = loadConfig({ ...process.env, BLOOM_ROLE: 'api', SWAGGER_ENABLED: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
    const app = await createApp({ config });
    await app.init();
    try {
      const outcome = await app.get(UsersService).createOwner({ email, password, name, phone });
      if (!outcome.created) {
        console.error(`A user with this ${outcome.existing === 'email' ? 'e-mail' : 'phone'} already exists; nothing was changed.`);
        return 1;
      }
      console.log(`Created owner ${outcome.user.name} <${outcome.user.email}> (id ${outcome.user.id}). Sign in at POST /v1/auth/login.`);
      return 0;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const fields = error.options.errors?.map((e) => `\n  --${e.field}: ${e.message}`).join('') ?? '';
      console.error(`${error.detail}${fields}`);
      return 1;
    } finally {
      await app.close();
    }
  },
};
