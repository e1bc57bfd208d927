import { useMutation, useQueryClient } from '@tanstack/react-query';
import { importReportSchema } from '../../../../contracts/alliance.ts';
import { ApiError } from '../../../lib/api.ts';

/** Multipart upload: the JSON client does not carry files, so this call sets the CSRF header itself. */
export async function importRoster(file: File, csrfToken: string) {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch('/api/volunteers/import', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken, accept: 'application/json' },
  });
  const json = (await res.json()) as { error?: { code: string; message: string; requestId: string } };
  if (!res.ok)
    throw new ApiError(res.status, json.error?.code ?? 'HTTP', json.error?.message ?? `HTTP ${res.status}`);
  return importReportSchema.parse(json);
}

export function useImportRoster(csrfToken: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => importRoster(file, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alliance', 'volunteers'] }),
  });
}
