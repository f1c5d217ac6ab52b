// runtime: browser
import { useTranslation } from 'react-i18next';
import { useRoute } from '../app/router';
import { EmptyState } from './EmptyState';

/** The shared "no snapshot open — open or take one" empty state, with the ways out. */
export function NoSnapshot() {
  const { t } = useTranslation('common');
  const { navigate } = useRoute();
  return (
    <EmptyState
      testId="no-snapshot"
      icon="🗂"
      title={t('noSnapshot.title')}
      description={t('noSnapshot.description')}
      actions={
        <>
          <button type="button" className="btn btn-primary" onClick={() => navigate('snapshot')}>
            {t('noSnapshot.open')}
          </button>
          <button type="button" className="btn" onClick={() => navigate('connect')}>
            {t('noSnapshot.connect')}
          </button>
        </>
      }
    />
  );
}
