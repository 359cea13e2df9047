import { Module } from '@nestjs/common';
import { MemorandaModule } from '../memoranda.module.js';
import { MemorandaController } from './memoranda.controller.js';
import { registerMemorandaProblems } from './memoranda.problems.js';

registerMemorandaProblems();

/** The memoranda's controllers; only the API root imports this. */
@Module({
  imports: [MemorandaModule],
  controllers: [MemorandaController],
})
export class MemorandaHttpModule {}
