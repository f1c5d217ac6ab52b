// runtime: browser
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/result';
import { useApi, useSnapshot } from '../api/context';
import { useToast } from '../components/Toast';
import { baseName } from '../lib/format';
import { useRoute } from './router';

/**
 * Opens a snapshot file by path (dialog, path field, recent list, drop): read-only unless it
 * is the user's own working copy; says so in the toast.
 */
export function useOpenSnapshot() {
  const { t } = useTranslation('desktop');
  const api = useApi();
  const snapshot = useSnapshot();
  const toast = useToast();
  const { navigate } = useRoute();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const open = useCallback(
    async (file: string): Promise<boolean> => {
      setPending(true);
      setError(null);
      try {
        const result = await api.call('snapshot.open', { file });
        if (!result.ok) {
          setError(result.error);
          return false;
        }
        snapshot.reload();
        toast.show({
          kind: 'success',
          message: result.value.locked ? t('open.openedReadOnly', { name: baseName(result.value.file) }) : t('open.opened', { name: baseName(result.value.file) }),
          action: { label: t('open.goBrowse'), onClick: () => navigate('browse') },
        });
        return true;
      } finally {
        setPending(false);
      }
    },
    [api, snapshot, toast, navigate, t],
  );
  return { open, pending, error, setError, clearError: () => setError(null) };
}
