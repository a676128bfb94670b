import { ApiProperty } from '@nestjs/swagger';
import { moneyOf } from '../../../common/money/index.js';
import { MoneyResponseDto } from '../../../common/money/index.js';
import type { CatalogStatus } from '../catalog-rules.js';
import type { ServiceVariation } from '../service-variation.entity.js';
import type { Service } from '../service.entity.js';
import { effectiveTimeBlocks, type ServiceTimeBlocks } from '../time-blocks.js';
import { LevelPriceResponseDto, toLevelPriceResponse, type VariationRow } from './level-price.dto.js';

export class TimeBlocksResponseDto {
  /** Hands-on work at the start. */
  @ApiProperty({ example: 45 })
  activeMinutes!: number;
  /** The beautician is free for another client; the chair or room is not. */
  @ApiProperty({ example: 40 })
  processingMinutes!: number;
  @ApiProperty({ example: 35 })
  finishingMinutes!: number;
  /** Clean-up after the duration. */
  @ApiProperty({ example: 10 })
  bufferMinutes!: number;
}

/** The blocks a variation sets itself; null ones come from the service. */
export class TimeBlockOverridesResponseDto {
  @ApiProperty({ type: 'integer', nullable: true, example: 45 })
  activeMinutes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null })
  processingMinutes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 35 })
  finishingMinutes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null })
  bufferMinutes!: number | null;
}

export class ServiceTimeBlocksResponseDto {
  @ApiProperty({ example: 40 })
  processingMinutes!: number;
  @ApiProperty({ example: 30 })
  finishingMinutes!: number;
  @ApiProperty({ example: 10 })
  bufferMinutes!: number;
}

/** A variation as one store sells it. */
export class VariationStoreViewDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  /** What the store charges: its own price, or the catalog's. */
  @ApiProperty({ type: MoneyResponseDto, example: { amount: 72800, currency: 'CNY' } })
  price!: MoneyResponseDto;
  /** Whether the store set its own price. */
  @ApiProperty({ example: true })
  priceOverridden!: boolean;
}

export class VariationResponseDto {
  @ApiProperty({ format: 'uuid', example: 'a3c5e7f9-2b4d-4f6a-8c0e-1d3f5a7b9c11' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' })
  serviceId!: string;
  @ApiProperty({ example: '长发 Long hair' })
  name!: string;
  /** The catalog price (see `store.price` for a store's). */
  @ApiProperty({ type: MoneyResponseDto, example: { amount: 68800, currency: 'CNY' } })
  price!: MoneyResponseDto;
  /** Active + processing + finishing. */
  @ApiProperty({ example: 120 })
  durationMinutes!: number;
  /** The blocks in effect, the service's defaults filled in. */
  timeBlocks!: TimeBlocksResponseDto;
  timeBlockOverrides!: TimeBlockOverridesResponseDto;
  @ApiProperty({ example: 20 })
  sortOrder!: number;
  /** Archived variations are not sold but stay readable. */
  @ApiProperty({ enum: ['active', 'archived'], example: 'active' })
  status!: CatalogStatus;
  /** Send it back as `If-Match: "<version>"` to change the variation. */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
  /** With `storeId`: the variation as that store sells it; null otherwise. */
  @ApiProperty({ type: VariationStoreViewDto, nullable: true })
  store!: VariationStoreViewDto | null;
  /** Its own price or duration at staff levels (a senior charges more); a store's own price still wins over a level's. */
  @ApiProperty({ type: [LevelPriceResponseDto] })
  levelPrices!: LevelPriceResponseDto[];
}

/** A service as one store offers it. */
export class ServiceStoreViewDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  /** Whether the store offers the service (stores may switch it off). */
  @ApiProperty({ example: true })
  available!: boolean;
  /** Whether clients can book it online at this store: active, bookable online, offered here, with an active variation. */
  @ApiProperty({ example: true })
  bookable!: boolean;
}

export class ServiceResponseDto {
  @ApiProperty({ format: 'uuid', example: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: '6d0f3c2a-1b4e-4f5a-9c8d-7e6f5a4b3c21' })
  categoryId!: string;
  @ApiProperty({ example: '植物染发 Botanical colour' })
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Even, long-lasting colour with a gentle ammonia-free dye.' })
  description!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Covering grey, or a change of colour; not for freshly permed hair.' })
  targetAudience!: string | null;
  @ApiProperty({ type: [String], example: ['grey coverage', 'women', 'men'] })
  audienceTags!: string[];
  @ApiProperty({ example: true })
  bookableOnline!: boolean;
  @ApiProperty({ example: 'hair_colour' })
  skill!: string;
  @ApiProperty({ type: String, nullable: true, example: 'chair' })
  resourceType!: string | null;
  /** Defaults of the variations' time blocks. */
  timeBlocks!: ServiceTimeBlocksResponseDto;
  /** Archived services are not sold but stay readable. */
  @ApiProperty({ enum: ['active', 'archived'], example: 'active' })
  status!: CatalogStatus;
  /** Send it back as `If-Match: "<version>"` to change the service (also the `ETag`). */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
  /** Every variation, archived ones included, in their sort order. */
  @ApiProperty({ type: [VariationResponseDto] })
  variations!: VariationResponseDto[];
  /** With `storeId`: the service as that store offers it; null otherwise. */
  @ApiProperty({ type: ServiceStoreViewDto, nullable: true })
  store!: ServiceStoreViewDto | null;
}

/** What one store changes about a service, as loaded for a response. */
export interface StoreContext {
  storeId: string;
  available: boolean;
  /** Variation id → the store's price (minor units). */
  prices: Map<string, string>;
}

export function serviceBlocksOf(service: Pick<Service, 'processingMinutes' | 'finishingMinutes' | 'bufferMinutes'>): ServiceTimeBlocks {
  return { processingMinutes: service.processingMinutes, finishingMinutes: service.finishingMinutes, bufferMinutes: service.bufferMinutes };
}

export function toVariationResponse(variation: VariationRow, service: ServiceTimeBlocks, store?: StoreContext | null): VariationResponseDto {
  const own = {
    activeMinutes: variation.activeMinutes,
    processingMinutes: variation.processingMinutes,
    finishingMinutes: variation.finishingMinutes,
    bufferMinutes: variation.bufferMinutes,
  };
  const storePrice = store?.prices.get(variation.id);
  return {
    id: variation.id,
    serviceId: variation.serviceId,
    name: variation.name,
    price: moneyOf(variation.priceAmount, variation.currency),
    durationMinutes: variation.durationMinutes,
    timeBlocks: effectiveTimeBlocks(variation.durationMinutes, service, own),
    timeBlockOverrides: own,
    sortOrder: variation.sortOrder,
    status: variation.status,
    version: variation.version,
    createdAt: variation.createdAt,
    updatedAt: variation.updatedAt,
    store: store ? { storeId: store.storeId, price: moneyOf(storePrice ?? variation.priceAmount, variation.currency), priceOverridden: storePrice !== undefined } : null,
    levelPrices: (variation.levelPrices ?? []).map(toLevelPriceResponse),
  };
}

export function toServiceResponse(service: Service, variations: ServiceVariation[], store?: StoreContext | null): ServiceResponseDto {
  const blocks = serviceBlocksOf(service);
  const mapped = variations.map((variation) => toVariationResponse(variation, blocks, store));
  return {
    id: service.id,
    categoryId: service.categoryId,
    name: service.name,
    description: service.description,
    targetAudience: service.targetAudience,
    audienceTags: service.audienceTags,
    bookableOnline: service.bookableOnline,
    skill: service.skill,
    resourceType: service.resourceType,
    timeBlocks: blocks,
    status: service.status,
    version: service.version,
    createdAt: service.createdAt,
    updatedAt: service.updatedAt,
    variations: mapped,
    store: store
      ? {
          storeId: store.storeId,
          available: store.available,
          bookable: service.status === 'active' && service.bookableOnline && store.available && variations.some((v) => v.status === 'active'),
        }
      : null,
  };
}
