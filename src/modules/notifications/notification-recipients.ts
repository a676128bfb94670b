import { Injectable } from '@nestjs/common';
import type { CustomerContactResolver, StaffAudienceResolver, StoreSettingsResolver } from './notification-contracts.js';

/**
 * Where notifications learns about customers, staff and stores without importing their modules: each
 * owner registers its resolver at boot (customers, identity, stores: `onModuleInit() { recipients.registerCustomers(this) }`).
 * Asking before one is registered is a wiring bug, said loudly.
 */
@Injectable()
export class NotificationRecipients {
  private customerResolver?: CustomerContactResolver;
  private staffResolver?: StaffAudienceResolver;
  private storeResolver?: StoreSettingsResolver;

  registerCustomers(resolver: CustomerContactResolver): void {
    if (this.customerResolver) throw new Error('a customer contact resolver is registered twice');
    this.customerResolver = resolver;
  }

  registerStaff(resolver: StaffAudienceResolver): void {
    if (this.staffResolver) throw new Error('a staff audience resolver is registered twice');
    this.staffResolver = resolver;
  }

  registerStores(resolver: StoreSettingsResolver): void {
    if (this.storeResolver) throw new Error('a store settings resolver is registered twice');
    this.storeResolver = resolver;
  }

  get customers(): CustomerContactResolver {
    if (!this.customerResolver) throw new Error('no customer contact resolver is registered (the customers module registers it)');
    return this.customerResolver;
  }

  get staff(): StaffAudienceResolver {
    if (!this.staffResolver) throw new Error('no staff audience resolver is registered (the identity module registers it)');
    return this.staffResolver;
  }

  get stores(): StoreSettingsResolver {
    if (!this.storeResolver) throw new Error('no store settings resolver is registered (the stores module registers it)');
    return this.storeResolver;
  }
}
