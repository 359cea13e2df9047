import { Module } from '@nestjs/common';
import { GroupsModule } from '../groups.module.js';
import { registerGroupProblems } from './groups.problems.js';
import { MeetingsController } from './meetings.controller.js';
import { WorkingGroupsController } from './working-groups.controller.js';

registerGroupProblems();

/** The groups context's controllers; only the API root imports this. */
@Module({
  imports: [GroupsModule],
  controllers: [WorkingGroupsController, MeetingsController],
})
export class GroupsHttpModule {}
