import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { DEADLINE_HANDLER_METADATA } from './deadline-handler.decorator.js';
import { DeadlineKindDeclaration } from './deadline-kinds.js';
import type { DeadlineKind } from './deadline-kind.js';
import { buildHandlerRegistry, DeadlineConfigurationError, type FoundHandler, type RegisteredKind } from './handler-registry.js';

/**
 * Finds the declared kinds and the `@DeadlineHandler` methods at boot and pairs them; a mismatch
 * fails `app.init()` with a message naming each problem, before any job is processed.
 */
@Injectable()
export class DeadlineHandlers implements OnModuleInit {
  private registry?: Map<string, RegisteredKind>;

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    const declared: DeadlineKind[] = [];
    const handlers: FoundHandler[] = [];
    const problems: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      if (instance instanceof DeadlineKindDeclaration) {
        declared.push(...instance.kinds);
        continue;
      }
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype || prototype === Object.prototype) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        const kind = typeof fn === 'function' ? (Reflect.getMetadata(DEADLINE_HANDLER_METADATA, fn) as string | undefined) : undefined;
        if (!kind) continue;
        const owner = `${instance.constructor.name}.${method}`;
        if (!wrapper.isDependencyTreeStatic()) {
          problems.push(`${owner} handles "${kind}" but its provider is request-scoped; deadline handlers must be singletons`);
          continue;
        }
        handlers.push({ kind, owner, run: (deadline) => (fn as (d: unknown) => unknown).call(instance, deadline) });
      }
    }
    if (problems.length > 0) throw new DeadlineConfigurationError(problems);
    this.registry = buildHandlerRegistry(declared, handlers);
  }

  /** The handler of a kind; throws for a kind this build does not know (a job from another version). */
  get(kind: string): RegisteredKind {
    const registered = this.registry?.get(kind);
    if (!registered) throw new Error(`No handler for deadline kind "${kind}" in this build`);
    return registered;
  }

  /** Whether `kind` is declared (undefined before boot has paired kinds and handlers). */
  isDeclared(kind: string): boolean | undefined {
    return this.registry ? this.registry.has(kind) : undefined;
  }

  kinds(): string[] {
    return [...(this.registry?.keys() ?? [])];
  }
}
