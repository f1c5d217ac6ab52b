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
      icon={
        <svg width="40" height="40" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round">
          <path d="M3 6.5A1.5 1.5 0 0 1 4.5 5h4l2 2h9A1.5 1.5 0 0 1 21 8.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z" />
          <path d="M3 10h18" />
        </svg>
      }
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
