import { writeFileSync } from 'node:fs';
import { renderEnvExample } from '../config/index.js';
import type { CliCommand } from './command.js';

export const envExampleCommand: CliCommand = {
  name: 'env-example',
  summary: 'Write .env.example from the configuration schema (every variable, its default and meaning)',
  usage: '[--out .env.example]',
  async run(flags) {
    const out = flags.out ?? '.env.example';
    writeFileSync(out, renderEnvExample());
    console.log(`wrote ${out}`);
  },
};
