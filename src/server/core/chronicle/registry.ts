import type { Locale } from '../../../contracts/common.ts';
import type { Db } from '../db/index.ts';
import type { Localised } from '../figures/index.ts';

/** A committed domain event as the chronicle sees it, with its node's name resolved. */
export interface ChronicleEvent {
  id: number;
  type: string;
  nodePath: string;
  /** The name of the event's node, e.g. 贾屯村. */
  place: string;
  payload: Record<string, unknown>;
  createdAt: number;
}

/**
 * A kind of event worth a line in the daily chronicle (大事记). The module that emits the event
 * declares it; the drafter lists up to `listLimit` of them in the window one by one and counts the rest.
 */
export interface ChronicleEventSource {
  eventType: string;
  /** The heading the events are grouped under, e.g. 体温异常报警 / Fever alerts. */
  label: Localised;
  /** One factual, neutral sentence for one event in the given language. */
  phrase(event: ChronicleEvent, locale: Locale): string;
  listLimit?: number;
}

/** A part of the entry that is not an event list: e.g. the archive items filed in the window. */
export interface ChronicleSection {
  key: string;
  label: Localised;
  /** Lines for the subtree at `nodePath` over [start, end), in the given language. */
  lines(db: Db, nodePath: string, start: number, end: number, locale: Locale): Promise<string[]>;
}

/** What every module contributes to the daily chronicle; modules register from their index.ts. */
export class ChronicleRegistry {
  private readonly events = new Map<string, ChronicleEventSource>();
  private readonly sections = new Map<string, ChronicleSection>();

  registerEvent(source: ChronicleEventSource): void {
    if (this.events.has(source.eventType))
      throw new Error(`chronicle event ${source.eventType} registered twice`);
    this.events.set(source.eventType, source);
  }

  registerSection(section: ChronicleSection): void {
    if (this.sections.has(section.key)) throw new Error(`chronicle section ${section.key} registered twice`);
    this.sections.set(section.key, section);
  }

  eventSources(): ChronicleEventSource[] {
    return [...this.events.values()];
  }

  eventSource(type: string): ChronicleEventSource | undefined {
    return this.events.get(type);
  }

  sectionList(): ChronicleSection[] {
    return [...this.sections.values()];
  }
}
