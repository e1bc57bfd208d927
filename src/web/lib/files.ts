import { fileSchema } from '../../contracts/files.ts';
import { api } from './api.ts';

/** Stores a file against its owner through the files core; returns the stored file and its SHA-256. */
export function uploadFile(ownerType: string, ownerId: number, file: File) {
  return api.upload('/api/files', fileSchema, file, { ownerType, ownerId });
}

/** A photo kept offline as a data: URL, back to bytes for upload (no network involved). */
export function dataUrlToBlob(dataUrl: string): Blob {
  const [head = '', data = ''] = dataUrl.split(',', 2);
  const type = /^data:([^;,]+)/.exec(head)?.[1] ?? 'application/octet-stream';
  const bytes = head.endsWith(';base64')
    ? Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
    : new TextEncoder().encode(decodeURIComponent(data));
  return new Blob([bytes], { type });
}
