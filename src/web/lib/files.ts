import { fileSchema } from '../../contracts/files.ts';
import { api } from './api.ts';

/** Stores a file against its owner through the files core; returns the stored file and its SHA-256. */
export function uploadFile(ownerType: string, ownerId: number, file: File) {
  return api.upload('/api/files', fileSchema, file, { ownerType, ownerId });
}
