import { fileSchema } from '../../../../contracts/files.ts';
import { ApiError } from '../../../lib/api.ts';

/** Multipart upload to the files API: the JSON client does not carry files. Returns the stored file and its SHA-256. */
export async function uploadFile(ownerType: string, ownerId: number, file: File, csrfToken: string) {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`/api/files?ownerType=${ownerType}&ownerId=${ownerId}`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken, accept: 'application/json' },
  });
  const json = (await res.json()) as { error?: { code: string; message: string } };
  if (!res.ok)
    throw new ApiError(res.status, json.error?.code ?? 'HTTP', json.error?.message ?? `HTTP ${res.status}`);
  return fileSchema.parse(json);
}
