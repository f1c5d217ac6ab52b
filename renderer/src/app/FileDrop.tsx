// runtime: browser
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { ErrorNotice } from '../components/ErrorNotice';
import { isSnapshotName, uploadFile } from '../lib/upload';
import { useOpenSnapshot } from './use-open-snapshot';

/**
 * Drop a .amosweep file anywhere on the window to open it. In Electron the preload gives its
 * path (webUtils.getPathForFile); in the browser a dropped file has no path, so it is uploaded
 * into <data>/received/ first (files.upload) and opens read-only from there.
 */
export function FileDrop() {
  const { t } = useTranslation('desktop');
  const api = useApi();
  const opener = useOpenSnapshot();
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const depth = useRef(0);
  const openRef = useRef(opener);
  useEffect(() => {
    openRef.current = opener;
  });

  useEffect(() => {
    const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth.current += 1;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      const { open, setError } = openRef.current;
      if (!isSnapshotName(file.name)) {
        setError({ code: 'BAD_INPUT', message: t('drop.notSnapshot', { name: file.name }) });
        return;
      }
      void (async () => {
        const localPath = window.amosweep?.pathForFile?.(file) ?? '';
        if (localPath) {
          await open(localPath);
          return;
        }
        setProgress(0);
        const uploaded = await uploadFile(api, file, setProgress);
        setProgress(null);
        if (!uploaded.ok) setError(uploaded.error);
        else await open(uploaded.value.file);
      })();
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [api, t]);

  return (
    <>
      {dragging ? (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-box">{t('drop.overlay')}</div>
        </div>
      ) : null}
      {progress !== null ? (
        <div className="notice banner" role="status" data-testid="drop-progress">
          {t('drop.uploading', { percent: Math.round(progress * 100) })}
        </div>
      ) : null}
      {opener.error ? (
        <div className="banner" data-testid="drop-error">
          <ErrorNotice error={opener.error} onDismiss={opener.clearError} />
        </div>
      ) : null}
    </>
  );
}
