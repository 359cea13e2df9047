import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks.module.js';
import { TaskIssuesController, TasksController } from './tasks.controller.js';
import { registerTaskProblems } from './tasks.problems.js';

registerTaskProblems();

/** The tasks context's controllers; only the API root imports this. */
@Module({
  imports: [TasksModule],
  controllers: [TasksController, TaskIssuesController],
})
export class TasksHttpModule {}
