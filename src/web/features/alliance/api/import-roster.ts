import { useMutation, useQueryClient } from '@tanstack/react-query';
import { importReportSchema } from '../../../../contracts/alliance.ts';
import { api } from '../../../lib/api.ts';

export function importRoster(file: File) {
  return api.upload('/api/volunteers/import', importReportSchema, file);
}

export function useImportRoster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importRoster,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alliance', 'volunteers'] }),
  });
}
