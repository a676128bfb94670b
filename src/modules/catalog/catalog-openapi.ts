/** OpenAPI pieces the catalog controllers share. */
import { ApiParam, ApiQuery } from '@nestjs/swagger';
import { ApiProblem } from '../../common/openapi/index.js';

export const ServiceIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The service', example: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' });
export const VariationIdParam = () => ApiParam({ name: 'variationId', format: 'uuid', description: 'A variation of the service', example: 'a3c5e7f9-2b4d-4f6a-8c0e-1d3f5a7b9c11' });
export const LevelIdParam = () =>
  ApiParam({ name: 'levelId', format: 'uuid', description: 'A staff level (see /v1/staff-levels)', example: '5b7d9f1a-3c5e-4a7b-9d1f-2e4a6c8b0d13' });
export const ProductIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The product', example: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a81' });
export const CategoryIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The service category', example: '6d0f3c2a-1b4e-4f5a-9c8d-7e6f5a4b3c21' });
export const StoreIdParam = () =>
  ApiParam({ name: 'storeId', format: 'uuid', description: 'A store you can see (managers: the stores they work at)', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' });
export const StoreContextQuery = () =>
  ApiQuery({
    name: 'storeId',
    required: false,
    schema: { type: 'string', format: 'uuid' },
    description: 'Show prices and availability as this store has them (in `store`). A store you cannot see answers 404 `store.not_found`.',
  });

export const ServiceNotFound = () => ApiProblem(404, 'service.not_found', 'No such service');
export const VariationNotFound = () =>
  ApiProblem(404, 'service_variation.not_found', 'No such service, or no such variation of it (`service.not_found`, `service_variation.not_found`)');
export const ProductNotFound = () => ApiProblem(404, 'product.not_found', 'No such product');
export const StoreNotFound = (what?: string) =>
  ApiProblem(404, 'store.not_found', `No store with this id is visible to you (another store's id answers the same)${what ? `; or ${what}` : ''}`);
