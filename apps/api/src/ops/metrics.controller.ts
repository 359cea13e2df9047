import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController, ApiOperation } from '@nestjs/swagger';
import { Public } from '@kelisim/auth';
import { metricsRegistry } from '@kelisim/config';
import { QueueRegistry } from '@kelisim/queue';
import { gauge } from '@kelisim/config';

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly depth = gauge('kelisim_queue_jobs', 'BullMQ jobs by queue and state', ['queue', 'state']);

  constructor(private readonly queues: QueueRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics' })
  @Header('Content-Type', metricsRegistry.contentType)
  async metrics(): Promise<string> {
    await Promise.all(
      this.queues.all().map(async (queue) => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed').catch(() => ({}));
        for (const [state, count] of Object.entries(counts)) this.depth.set({ queue: queue.name, state }, count as number);
      }),
    );
    return metricsRegistry.metrics();
  }
}
