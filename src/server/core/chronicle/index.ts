export {
  type ChronicleEvent,
  type ChronicleEventSource,
  ChronicleRegistry,
  type ChronicleSection,
} from './registry.ts';
