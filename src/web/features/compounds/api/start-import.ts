import { importJobSchema } from '../../../../contracts/compounds.ts';
import { ApiError } from '../../../lib/api.ts';

/** Multipart upload: the JSON client does not carry files, so this call sets the CSRF header itself. */
export async function startImport(id: number, kind: 'residents' | 'vehicles', file: File, csrfToken: string) {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`/api/compounds/${id}/imports/${kind}`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken, accept: 'application/json' },
  });
  const json = (await res.json()) as { error?: { code: string; message: string } };
  if (!res.ok)
    throw new ApiError(res.status, json.error?.code ?? 'HTTP', json.error?.message ?? `HTTP ${res.status}`);
  return importJobSchema.parse(json);
}
