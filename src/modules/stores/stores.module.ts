import { Module } from '@nestjs/common';
import { StoreClosuresController } from './store-closures.controller.js';
import { StoreClosuresService } from './store-closures.service.js';
import { StoreManagementService } from './store-management.service.js';
import { StoreScopeGuard } from './store-scope.guard.js';
import { StoresController } from './stores.controller.js';
import { StoresService } from './stores.service.js';

@Module({
  controllers: [StoresController, StoreClosuresController],
  providers: [StoresService, StoreManagementService, StoreClosuresService, StoreScopeGuard],
  exports: [StoresService],
})
export class StoresModule {}
