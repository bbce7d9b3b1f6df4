import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/authenticated.decorator';
import { ServiceUnavailableError } from '../common/domain-error';
import { RawText } from '../common/envelope';
import { Metrics } from './metrics';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database answers' })
  async ready() {
    try {
      await this.ds.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableError('The database is not reachable');
    }
    return { status: 'ok', database: 'ok' };
  }

  /** Prometheus text format, not an envelope (Prometheus cannot read one). */
  @Get('metrics')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<RawText> {
    return new RawText(await this.metrics.registry.metrics());
  }
}
