export {
  ancestorPaths,
  EventBus,
  type EventInput,
  type EventListener,
  rowToEvent,
  type StoredEvent,
} from './bus.ts';
export { type EventConsumer, EventConsumers } from './consumers.ts';
export { type AudienceRule, defaultAudience, LiveHub, toLiveEvent } from './live-hub.ts';
