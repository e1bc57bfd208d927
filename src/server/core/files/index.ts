export { cellText } from './cell-text.ts';
export { type FileOwner, FileStore, safeFileName } from './file-store.ts';
export { ALL_KINDS, type FileKindName, sniff } from './sniff.ts';
