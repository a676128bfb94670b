/**
 * Bodies known to be valid, from the test helpers, for operations whose rules a schema cannot say
 * (time blocks that add up, a sale price for retail products, a real login): the suite spoils one
 * field of them at a time, so hostile values reach the code behind validation.
 */
import fc from 'fast-check';
import { customerBody, freshPhone } from '../customer-support.js';
import { productBody, serviceBody, variationBody } from '../support/catalog-bodies.js';
import { storeBody } from '../support/store-bodies.js';
import { idOf } from './values.js';

const body = (make: () => Record<string, unknown>) => fc.integer().map(() => make());

export function knownBody(operationId: string, login: { email: string; password: string }): fc.Arbitrary<unknown> | undefined {
  switch (operationId) {
    case 'Auth_login':
      return fc.constant({ login: login.email, password: login.password });
    case 'Customers_create':
      return body(() => customerBody({ homeStoreId: undefined }));
    case 'Customers_update':
      return body(() => ({ name: '王小红', phone: freshPhone(), notes: 'Prefers a quiet room.', tags: ['VIP'] }));
    case 'Customers_addNote':
      return fc.constant({ body: 'Asked for the same therapist next time.' });
    case 'Stores_create':
      return body(() => storeBody());
    case 'Stores_update':
      return body(() => ({ name: 'Bloom 静安店', phone: '021 6288 1234' }));
    case 'Products_create':
      return body(() => productBody());
    case 'Products_update':
      return body(() => ({ name: '卡诗 洗发水', brand: 'Kérastase', category: 'hair care' }));
    case 'Services_create':
      return idOf('category').map((categoryId) => serviceBody(categoryId as unknown as string));
    case 'ServiceVariations_create':
      return body(() => variationBody());
    case 'Segments_create':
      return body(() => ({ name: `VIP ${Math.random().toString(36).slice(2, 8)}`, description: 'Spring campaign', criteria: { tag: ['VIP'], gender: 'female' } }));
    case 'ServiceCategories_create':
      return body(() => ({ code: `c${Math.random().toString(36).slice(2, 8)}`, name: '头皮护理 Scalp care', description: 'Scalp treatments.' }));
    default:
      return undefined;
  }
}
