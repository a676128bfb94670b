/** What other modules (and the app's wiring) may import from identity. */
export { IdentityModule } from './identity.module.js';
export { TokenService, hashSecret, randomSecret, type TokenSubject } from './token.service.js';
export { UsersService, type NewOwner, type CreateOwnerOutcome } from './users.service.js';
export { CreateUserDto } from './dto/user.dto.js';
export { ARGON2_PARAMETERS } from './password.service.js';
// Customers' apps: sign-in by SMS code and customer sessions, used by appointments' customer-apps part.
export { CustomerSessions, type OpenedCustomerSession } from './customer-apps/customer-sessions.js';
export { CustomerSignInCodes } from './customer-apps/customer-sign-in-codes.js';
export { CustomerSignInLimiter } from './customer-apps/customer-sign-in-limiter.js';
export { CUSTOMER_SIGN_IN_CODE } from './customer-apps/customer-sign-in.notifications.js';
export { IdentityErrors } from './identity.errors.js';
import { ApiKey } from './api-key.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import { StaffUserStore } from './staff-user-store.entity.js';
import { ApiKeyStore } from './api-key-store.entity.js';
import { StaffUser } from './staff-user.entity.js';
import { PasswordResetCode } from './password-reset-code.entity.js';
import { CustomerSession } from './customer-apps/customer-session.entity.js';
import { CustomerSignInCode } from './customer-apps/customer-sign-in-code.entity.js';
import { PublishableKey } from './customer-apps/publishable-key.entity.js';

export const IDENTITY_ENTITIES = [StaffUser, StaffUserStore, RefreshToken, ApiKey, ApiKeyStore, PasswordResetCode, PublishableKey, CustomerSession, CustomerSignInCode];
