import { Db, type TransactionOptions } from './db.service.js';

/**
 * Marks a public service method as one use case and one transaction. Nested calls join the
 * outer transaction; serialization failures and deadlocks are retried (see `Db.transaction`).
 */
export function Transactional(options: TransactionOptions = {}): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    descriptor.value = function transactional(this: { db?: unknown }, ...args: unknown[]) {
      // The service's own Db when it has one (several apps in one process, as in restart tests).
      const db = this?.db instanceof Db ? this.db : Db.instance();
      return db.transaction(() => original.apply(this, args), options);
    };
    // Keep the name and metadata (Nest and Swagger read metadata from the function).
    Object.defineProperty(descriptor.value, 'name', { value: original.name });
    for (const key of Reflect.getMetadataKeys(original)) {
      Reflect.defineMetadata(key, Reflect.getMetadata(key, original), descriptor.value as object);
    }
    return descriptor;
  };
}
