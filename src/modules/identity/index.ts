/** What other modules (and the app's wiring) may import from identity. */
export { IdentityModule } from './identity.module.js';
export { TokenService, hashSecret, randomSecret, type TokenSubject } from './token.service.js';
export { UsersService, type NewOwner, type CreateOwnerOutcome } from './users.service.js';
export { CreateUserDto } from './dto/user.dto.js';
export { ARGON2_PARAMETERS } from './password.service.js';
import { ApiKey } from './api-key.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import { StaffUserStore } from './staff-user-store.entity.js';
import { ApiKeyStore } from './api-key-store.entity.js';
import { StaffUser } from './staff-user.entity.js';
import { PasswordResetCode } from './password-reset-code.entity.js';

export const IDENTITY_ENTITIES = [StaffUser, StaffUserStore, RefreshToken, ApiKey, ApiKeyStore, PasswordResetCode];
