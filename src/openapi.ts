import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/index.js';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfigValues } from './config/index.js';
import { addProblemResponses, addRequestExamples, API_TAGS, describeRequestDefaults, markPublicOperations, ProblemDto } from './common/openapi/index.js';
import { addWebhooksToOpenApi, webhookSchemaModels } from './modules/webhooks/index.js';

let metadataLoaded = false;

/** Loads what the @nestjs/swagger CLI plugin learnt from the DTOs (src/metadata.ts, generated). */
async function loadPluginMetadata(): Promise<void> {
  if (metadataLoaded) return;
  const path = './metadata.js';
  await SwaggerModule.loadPluginMetadata(async () => ((await import(path)) as { default: () => Promise<Record<string, unknown>> }).default());
  metadataLoaded = true;
}

export async function buildOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await loadPluginMetadata();
  const builder = new DocumentBuilder()
    .setTitle('Bloom API')
    .setDescription(
      'The backend of beauty businesses: stores, staff, customers, orders, appointments, stock and promotions.\n\n' +
        'Errors are RFC 9457 `application/problem+json` with a stable `code`. Lists take `limit` and an opaque `cursor`. ' +
        'POSTs that create money, stock, booking or order effects accept an `Idempotency-Key`. Updates take `If-Match`.',
    )
    .setVersion('1')
    .setLicense('Proprietary', 'https://bloom.example/terms')
    // Relative: the document describes the server that serves it.
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Staff access token from POST /v1/auth/login' }, 'staff')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'Partner or script API key with scopes' }, 'apiKey')
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Publishable-Key',
        description: "A customers' app's publishable key (pk_…, POST /v1/publishable-keys): the bookable menu, staff and availability only",
      },
      'publishableKey',
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'cs_…', description: "Customer session token from POST /v1/customer-auth/sessions: the customer's own data only" },
      'customer',
    );
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ProblemDto, ...webhookSchemaModels()],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return addWebhooksToOpenApi(describeRequestDefaults(addRequestExamples(addProblemResponses(markPublicOperations(document)))));
}

/** Serves Swagger UI at /docs and the document at /docs/openapi.json. */
export async function setupOpenApi(app: INestApplication, config: AppConfigValues): Promise<void> {
  if (!config.SWAGGER_ENABLED) return;
  const document = await buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });
}

/** Keys in a stable order, so the committed openapi.json only changes when the API does. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

/**
 * The OpenAPI document as JSON, built from the modules in preview mode: controllers are read,
 * nothing is instantiated, so no database or Redis is needed.
 */
export async function renderOpenApiJson(): Promise<string> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', BLOOM_ROLE: 'api' });
  const app = await NestFactory.create(AppModule.forRoot({ config }), new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    return serializeOpenApi(await buildOpenApiDocument(app));
  } finally {
    await app.close();
  }
}
