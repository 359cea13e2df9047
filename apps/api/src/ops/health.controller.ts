import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@kelisim/auth';
import { KeyStore, QUEUE_BACKEND, type QueueBackend } from '@kelisim/queue';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly keys: KeyStore,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
  ) {}

  /** The process answers: for a restart policy. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** PostgreSQL and the queue store (Redis, or PostgreSQL itself) answer: for a load balancer. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness (PostgreSQL and Redis)' })
  @HealthCheck()
  ready() {
    const store = this.backend.kind === 'postgres' ? 'queues' : 'redis';
    return this.health.check([
      () => this.database.pingCheck('postgres').withTimeout(1500),
      () =>
        this.indicators
          .check(store)
          .attempt(async () => {
            await this.keys.ping();
          })
          .withTimeout(1500),
    ]);
  }
}
