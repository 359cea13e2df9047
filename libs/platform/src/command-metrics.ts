import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { counter, histogram } from '@kelisim/config';
import { DomainError } from '@kelisim/kernel';

/** Counts every command by name and outcome, and times it, by wrapping the bus once at start. */
@Injectable()
export class CommandMetrics implements OnModuleInit {
  private readonly total = counter('kelisim_commands_total', 'Commands executed', ['command', 'outcome']);
  private readonly duration = histogram('kelisim_command_duration_seconds', 'Command duration', ['command']);

  constructor(private readonly bus: CommandBus) {}

  onModuleInit(): void {
    const execute = this.bus.execute.bind(this.bus) as (command: object) => Promise<unknown>;
    (this.bus as unknown as { execute: (command: object) => Promise<unknown> }).execute = async (command: object) => {
      const name = command.constructor.name;
      const stop = this.duration.startTimer({ command: name });
      try {
        const result = await execute(command);
        this.total.inc({ command: name, outcome: 'ok' });
        return result;
      } catch (error) {
        this.total.inc({ command: name, outcome: error instanceof DomainError ? 'rejected' : 'failed' });
        throw error;
      } finally {
        stop();
      }
    };
  }
}
