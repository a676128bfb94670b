import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Transactional } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { CustomersService } from '../../customers/index.js';
import { CUSTOMER_SIGN_IN_CODE, CustomerSessions, CustomerSignInCodes, CustomerSignInLimiter, IdentityErrors } from '../../identity/index.js';
import { NotificationsService } from '../../notifications/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { appOf, customerOf, type CustomerApp } from './app-of.js';
import type { CreateCustomerSessionDto, CustomerSessionResponseDto, RequestSignInCodeDto, SignInCodeRequestedDto } from './dto/customer-auth.dto.js';

/**
 * Customers sign in to a customers' app by a code sent by SMS. A code goes to any phone asked for,
 * customer yet or not, so the answer tells nothing about who is a customer; a right code for a phone
 * nobody has signs them up (with a name), de-duplicated by phone through CustomersService. Codes,
 * limits and sessions are identity's (the machinery staff password resets use).
 */
@Injectable()
export class CustomerSignInService {
  constructor(
    @Inject(CustomerSignInCodes) private readonly codes: CustomerSignInCodes,
    @Inject(CustomerSignInLimiter) private readonly limiter: CustomerSignInLimiter,
    @Inject(CustomerSessions) private readonly sessions: CustomerSessions,
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(AuditService) private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  async requestCode(actor: Actor, input: RequestSignInCodeDto, ip: string | undefined): Promise<SignInCodeRequestedDto> {
    const app = appOf(actor);
    await this.limiter.request(input.phone, ip);
    await this.issueAndSend(input.phone, app);
    const minutes = this.codeMinutes();
    return { message: `A 6-digit code is on its way to this phone by SMS. It works once, for ${minutes} minutes.`, codeValidForMinutes: minutes };
  }

  /** A wrong, expired, used or burnt code answers 400 after its try is counted (committed). */
  async signIn(actor: Actor, input: CreateCustomerSessionDto, ip: string | undefined): Promise<CustomerSessionResponseDto> {
    const app = appOf(actor);
    await this.limiter.signIn(ip);
    const session = await this.attempt(actor, app, input);
    if (!session) throw IdentityErrors.signInCodeInvalid();
    return session;
  }

  @Transactional()
  async signOut(actor: Actor): Promise<void> {
    const customer = customerOf(actor);
    await this.sessions.close(customer.sessionId);
    await this.audit.record({ action: 'customer_session.close', entityType: 'customer', entityId: customer.id, after: { sessionId: customer.sessionId } });
  }

  /**
   * The try is counted first and commits whatever follows; undefined for a code that does not work. A
   * right code that cannot sign in (no name for a new phone, a blocked customer) throws, rolling the
   * try back: the code still works.
   */
  @Transactional()
  private async attempt(actor: Actor, app: CustomerApp, input: CreateCustomerSessionDto): Promise<CustomerSessionResponseDto | undefined> {
    if (!(await this.codes.check(input.phone, input.code))) return undefined;
    const source = app.channel === 'online' ? 'online' : 'app';
    const held = await this.customers.holderOfPhone(input.phone);
    if (!held && !input.name) throw AppointmentErrors.nameRequired();
    const customer = held ? { ...held, created: false } : await this.customers.findOrRegisterByPhone(actor, { name: input.name!, phone: input.phone, source });
    if (customer.status !== 'active') throw AppointmentErrors.customerUnavailable();
    await this.codes.useUp(input.phone);
    const session = await this.sessions.open(customer.id, app.keyId);
    await this.audit.record({
      action: 'customer_session.open',
      entityType: 'customer',
      entityId: customer.id,
      after: { sessionId: session.sessionId, publishableKeyId: app.keyId, signedUp: customer.created },
    });
    return {
      accessToken: session.accessToken,
      tokenType: 'Bearer',
      expiresIn: Math.floor(this.config.CUSTOMER_SESSION_TTL / 1000),
      customerId: customer.id,
      signedUp: customer.created,
    };
  }

  /** The code is stored and its SMS queued in one transaction: a rollback sends nothing. */
  @Transactional()
  private async issueAndSend(phone: string, app: CustomerApp): Promise<void> {
    const code = await this.codes.issue(phone);
    const storeId = app.storeIds === 'all' ? null : app.storeIds[0];
    await this.notifications.toPhone(phone, CUSTOMER_SIGN_IN_CODE.key, { code, minutes: this.codeMinutes() }, { storeId });
  }

  private codeMinutes(): number {
    return Math.floor(this.config.CUSTOMER_SIGN_IN_CODE_TTL / 60_000);
  }
}
