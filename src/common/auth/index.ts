import { AccessRevocation } from './access-revocation.entity.js';

export { Public, Allow, ALL_STAFF, MANAGERS, ACCESS_METADATA, type AccessRule } from './access.decorators.js';
export { AUTHENTICATOR, type Authenticator } from './authenticator.js';
export { AuthGuard } from './auth.guard.js';
export { AuthErrors } from './auth.errors.js';
export { CurrentActor } from './current-actor.decorator.js';
export { visibleStoreIds, canSeeStore } from './store-scope.js';
export { SCOPES, isKnownScope, type Scope } from './scopes.js';
export { Revocations, RevocationsModule } from './revocations.js';
export { AccessRevocation } from './access-revocation.entity.js';

export const AUTH_ENTITIES = [AccessRevocation];
