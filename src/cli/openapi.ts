import { writeFileSync } from 'node:fs';
import { renderOpenApiJson } from '../openapi.js';
import type { CliCommand } from './command.js';

export const openApiCommand: CliCommand = {
  name: 'openapi',
  summary: 'Write the OpenAPI document (openapi.json at the root; a test keeps it in step)',
  usage: '[--out openapi.json]',
  async run(flags) {
    const out = flags.out ?? 'openapi.json';
    writeFileSync(out, await renderOpenApiJson());
    console.log(`wrote ${out}`);
  },
};
