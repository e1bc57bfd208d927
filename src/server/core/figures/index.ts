export { type AttentionItem, AttentionRegistry, type AttentionSource } from './attention.ts';
export { inSubtree, num } from './count.ts';
export {
  addDays,
  beijingDay,
  type DayWindow,
  dayWindow,
  type FigureDefinition,
  type FigureKind,
  FigureRegistry,
  type Localised,
} from './figures.ts';
