export { type JobContext, type JobDefinition, Scheduler, slotFor } from './scheduler.ts';
