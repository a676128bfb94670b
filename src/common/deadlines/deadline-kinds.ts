import { Module, type DynamicModule } from '@nestjs/common';
import type { DeadlineKind } from './deadline-kind.js';

/** The kinds one module declares; found at boot by DeadlineHandlers (see DeadlinesModule.forKinds). */
export class DeadlineKindDeclaration {
  constructor(readonly kinds: readonly DeadlineKind[]) {}
}

/** Holds one module's declaration; separate from DeadlinesModule so the kernel is instantiated once. */
@Module({})
export class DeadlineKindsModule {
  static declare(kinds: readonly DeadlineKind[]): DynamicModule {
    const token = `bloom:deadline-kinds:${kinds.map((kind) => kind.name).join(',')}`;
    return { module: DeadlineKindsModule, providers: [{ provide: token, useValue: new DeadlineKindDeclaration(kinds) }] };
  }
}
