import { Module } from '@nestjs/common';
import { ControlModule } from '../control.module.js';
import { ControlController } from './control.controller.js';

/** The control view's controller; only the API root imports this. */
@Module({
  imports: [ControlModule],
  controllers: [ControlController],
})
export class ControlHttpModule {}
