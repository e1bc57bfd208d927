/** File kinds the platform accepts, recognised from their first bytes, never from their names. */
export interface FileKind {
  mime: string;
  extensions: readonly string[];
}

const KINDS = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  png: { mime: 'image/png', extensions: ['png'] },
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  gif: { mime: 'image/gif', extensions: ['gif'] },
  webp: { mime: 'image/webp', extensions: ['webp'] },
  mp4: { mime: 'video/mp4', extensions: ['mp4', 'm4v', 'mov'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  text: { mime: 'text/plain', extensions: ['txt', 'csv', 'md'] },
} as const satisfies Record<string, FileKind>;

export type FileKindName = keyof typeof KINDS;
export const ALL_KINDS = Object.keys(KINDS) as FileKindName[];

function startsWith(head: Buffer, bytes: number[], offset = 0): boolean {
  return bytes.every((b, i) => head[offset + i] === b);
}

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    // The sniffed head may end inside a multi-byte character. Streaming mode holds an incomplete
    // final sequence back instead of failing on it, and still fails on any invalid byte before it
    // (dropping a fixed number of bytes instead could cut the previous character in half).
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** What the bytes are, given the name's extension to tell apart formats that share a container. */
export function sniff(head: Buffer, extension: string): FileKindName | null {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8))
    return 'webp';
  if (startsWith(head, [0x66, 0x74, 0x79, 0x70], 4)) return 'mp4';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const body = head.toString('latin1');
    if (extension === 'xlsx' && body.includes('xl/')) return 'xlsx';
    if (extension === 'docx' && body.includes('word/')) return 'docx';
    if (extension === 'xlsx' || extension === 'docx') return extension;
    return null;
  }
  return looksLikeText(head) ? 'text' : null;
}

export function kindInfo(kind: FileKindName): FileKind {
  return KINDS[kind];
}
