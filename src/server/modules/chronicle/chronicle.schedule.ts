import type { ChronicleService } from './chronicle.service.ts';

/** The service of each app: the demo, tests and the bench drive the drafter through it. */
export const chronicleServices = new WeakMap<object, ChronicleService>();

/** 16:00 Beijing time, the hour the seed's command centre closed its daily chronicle. */
export const CHRONICLE_AT = '16:00';

/** The end of the period the job of a day's slot drafts: that day, 16:00 Beijing time. */
export function periodEndOf(slot: string): number {
  return Date.parse(`${slot}T${CHRONICLE_AT}:00+08:00`);
}
