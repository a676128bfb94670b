import { Controller, Get, Header, Inject, Headers } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';
import { AuthErrors } from '../auth/auth.errors.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { ApiProblem } from '../openapi/api-problem.decorator.js';
import { MetricsService } from './metrics.service.js';

/**
 * Prometheus scrape endpoint. Public at the HTTP layer (scrapers hold no staff token); when
 * METRICS_TOKEN is set, the scraper must send it as `Authorization: Bearer <token>`.
 */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Prometheus metrics: request durations by route and status, queue depth, deadline lag' })
  @ApiOkResponse({ description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiProblem(401, 'auth.unauthenticated', 'METRICS_TOKEN is set and the request does not carry it')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const token = this.config.METRICS_TOKEN;
    if (token && authorization !== `Bearer ${token}`) throw AuthErrors.unauthenticated();
    return this.metrics.registry.metrics();
  }
}
