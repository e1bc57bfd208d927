export { cellText } from './cell-text.ts';
export { type FileOwner, FileStore, safeFileName } from './file-store.ts';
export { readSheetRows } from './sheet-rows.ts';
export { ALL_KINDS, type FileKindName, sniff } from './sniff.ts';
