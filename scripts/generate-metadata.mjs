// Runs the @nestjs/swagger CLI plugin over src/ and writes src/metadata.ts, which the app loads with
// SwaggerModule.loadPluginMetadata(). The same metadata then serves the SWC build, Jest and `npm run openapi`.
//
// The generator type-checks the whole of src/ (about 10 s here, 40 s on a cold machine), so the file is
// committed with a hash of the files it describes on its first line, and regenerated only when they
// change: a fresh clone's first `npm start` skips it. In CI (CI=true) a stale committed file is an
// error, so nobody lands DTO changes without it. `--force` regenerates regardless.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const output = join(src, 'metadata.ts');

/**
 * The files the plugin describes (its default suffixes: DTOs, entities, controllers), the settings it
 * reads them with, and its own version. A change elsewhere (a service, a rule) cannot change the
 * metadata, so it does not make the committed file stale.
 */
const DESCRIBED = ['.dto.ts', '.entity.ts', '.controller.ts'];

function inputsHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (DESCRIBED.some((suffix) => entry.name.endsWith(suffix))) {
        hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
      }
    }
  };
  walk(src);
  for (const file of ['tsconfig.json', 'tsconfig.build.json']) hash.update(readFileSync(join(root, file)));
  const swagger = createRequire(import.meta.url)('@nestjs/swagger/package.json');
  hash.update(swagger.version);
  return hash.digest('hex').slice(0, 32);
}

const stamp = `// metadata inputs: ${inputsHash()} (scripts/generate-metadata.mjs; regenerate with npm run metadata)`;
const current = existsSync(output) ? readFileSync(output, 'utf8').split('\n', 1)[0] : undefined;
if (current === stamp && !process.argv.includes('--force')) process.exit(0);
if (process.env.CI === 'true' && current !== undefined && !process.argv.includes('--force')) {
  console.error('src/metadata.ts is stale (DTOs or controllers changed since it was generated): run `npm run metadata` and commit it.');
  process.exit(1);
}

const [{ PluginMetadataGenerator }, { ReadonlyVisitor }] = await Promise.all([
  import('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js'),
  import('@nestjs/swagger/plugin'),
]);
// The generator type-checks src/, the previous src/metadata.ts included: a stale one (naming a type
// that has since changed) would fail every later run. It is regenerated whole, so start without it.
rmSync(output, { force: true });
new PluginMetadataGenerator().generate({
  visitors: [new ReadonlyVisitor({ introspectComments: true, classValidatorShim: true, pathToSource: src })],
  outputDir: src,
  watch: false,
  tsconfigPath: 'tsconfig.build.json',
  printDiagnostics: false,
});
writeFileSync(output, `${stamp}\n${readFileSync(output, 'utf8')}`);
