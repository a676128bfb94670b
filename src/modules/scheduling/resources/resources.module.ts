import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/index.js';
import { StoresModule } from '../../stores/index.js';
import { SchedulingCoreModule } from '../scheduling-core.module.js';
import { ResourceBlocksController } from './resource-blocks.controller.js';
import { ResourceBlocksService } from './resource-blocks.service.js';
import { ResourcesController } from './resources.controller.js';
import { ResourcesService } from './resources.service.js';

@Module({
  imports: [SchedulingCoreModule, CatalogModule, StoresModule],
  controllers: [ResourcesController, ResourceBlocksController],
  providers: [ResourcesService, ResourceBlocksService],
})
export class ResourcesModule {}
