import { Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import { assertStoredCurrency } from '../../common/money/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { NotificationsModule } from '../notifications/index.js';
import { StoreNotificationSettingsResolver } from './store-notification-settings.js';
import { StoreClosuresController } from './store-closures.controller.js';
import { StoreClosuresService } from './store-closures.service.js';
import { StoreManagementService } from './store-management.service.js';
import { StoreScopeGuard } from './store-scope.guard.js';
import { StoresController } from './stores.controller.js';
import { StoresService } from './stores.service.js';

@Module({
  imports: [NotificationsModule],
  controllers: [StoresController, StoreClosuresController],
  providers: [StoresService, StoreManagementService, StoreClosuresService, StoreScopeGuard, StoreNotificationSettingsResolver],
  exports: [StoresService],
})
export class StoresModule implements OnApplicationBootstrap {
  constructor(
    @Inject(Db) private readonly db: Db,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Stores are in the business's one currency: a changed BUSINESS_CURRENCY stops the boot instead of mixing them. */
  onApplicationBootstrap(): Promise<void> {
    return assertStoredCurrency((sql, parameters) => this.db.rows(sql, parameters), this.config.BUSINESS_CURRENCY, ['store']);
  }
}
