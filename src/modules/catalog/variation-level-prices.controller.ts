import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/auth/index.js';
import { ApiProblem } from '../../common/openapi/index.js';
import { READ, WRITE } from './catalog-access.js';
import { LevelIdParam, ServiceIdParam, VariationIdParam, VariationNotFound } from './catalog-openapi.js';
import { LevelPriceErrors } from './catalog.errors.js';
import { LevelPriceListDto, LevelPriceResponseDto, PutLevelPriceDto } from './dto/level-price.dto.js';
import { VariationLevelPricesService } from './variation-level-prices.service.js';

@ApiTags('services')
@Controller('v1/services/:id/variations/:variationId/level-prices')
export class VariationLevelPricesController {
  constructor(@Inject(VariationLevelPricesService) private readonly levelPrices: VariationLevelPricesService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({
    summary: "A variation's own price and duration at each staff level that has them",
    description: "Levels left out charge the catalog's price and take the variation's duration. A store's own price wins over a level's.",
  })
  @ServiceIdParam()
  @VariationIdParam()
  @ApiOkResponse({ type: LevelPriceListDto })
  @VariationNotFound()
  list(@Param('id') id: string, @Param('variationId') variationId: string): Promise<LevelPriceListDto> {
    return this.levelPrices.list(id, variationId);
  }

  @Put(':levelId')
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Set what the variation costs and takes when a staff member of this level performs it (owners)',
    description:
      "Replaces the level's terms whole: a part left out or null follows the catalog. The duration is a multiple of 5 minutes; processing and finishing " +
      "stay as they are, so it must leave at least 5 minutes of active work. A store's own price still wins over the level's. Idempotent.",
  })
  @ServiceIdParam()
  @VariationIdParam()
  @LevelIdParam()
  @ApiOkResponse({ type: LevelPriceResponseDto })
  @VariationNotFound()
  @ApiProblem(
    400,
    'request.validation_failed',
    "`errors[]` names each bad field: neither a price nor a duration (`price`, `durationMinutes`), a price in another currency than the business's (`price.currency`), a duration that is not a multiple of 5 (`durationMinutes`)",
  )
  @ApiProblem(
    422,
    'variation_level_price.duration_too_short',
    'The duration leaves less than 5 minutes of active work after processing and finishing (`durationMinutes`); or (`reference.not_found`) no staff level has this id (`levelId`)',
    LevelPriceErrors.durationTooShort({ field: 'durationMinutes', message: 'must leave at least 5 minutes of active work: 60 minus processing 35 and finishing 30 leaves -5' }),
  )
  put(@Param('id') id: string, @Param('variationId') variationId: string, @Param('levelId') levelId: string, @Body() body: PutLevelPriceDto): Promise<LevelPriceResponseDto> {
    return this.levelPrices.put(id, variationId, levelId, body);
  }

  @Delete(':levelId')
  @HttpCode(204)
  @Allow(WRITE)
  @ApiOperation({ summary: "Remove a level's terms: the catalog's price and the variation's duration apply at that level again (owners; idempotent)" })
  @ServiceIdParam()
  @VariationIdParam()
  @LevelIdParam()
  @ApiNoContentResponse({ description: 'The level follows the catalog' })
  @VariationNotFound()
  remove(@Param('id') id: string, @Param('variationId') variationId: string, @Param('levelId') levelId: string): Promise<void> {
    return this.levelPrices.remove(id, variationId, levelId);
  }
}
