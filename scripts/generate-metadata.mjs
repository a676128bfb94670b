// Runs the @nestjs/swagger CLI plugin over src/ and writes src/metadata.ts, which the app loads with
// SwaggerModule.loadPluginMetadata(). The same metadata then serves the SWC build, Jest and `npm run openapi`.
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { rmSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The generator type-checks src/, the previous src/metadata.ts included: a stale one (naming a type
// that has since changed) would fail every later run. It is regenerated whole, so start without it.
rmSync(join(root, 'src', 'metadata.ts'), { force: true });
new PluginMetadataGenerator().generate({
  visitors: [new ReadonlyVisitor({ introspectComments: true, classValidatorShim: true, pathToSource: join(root, 'src') })],
  outputDir: join(root, 'src'),
  watch: false,
  tsconfigPath: 'tsconfig.build.json',
  printDiagnostics: false,
});
