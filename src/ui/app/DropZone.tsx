import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { readDataTransfer } from '../shared/read-files';
import { useLabActions } from '../shared/use-lab';

/** The whole page accepts a dropped model (model.json with its shards, .onnx, .h5) or data (a folder, a file). */
export function DropZone({ children }: { children: ReactNode }) {
  const { openFiles } = useLabActions();
  const [over, setOver] = useState(false);
  const { t } = useTranslation();
  useEffect(() => {
    const onDragOver = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setOver(true);
    };
    const onDragLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const onDrop = async (e: DragEvent) => {
      e.preventDefault();
      setOver(false);
      const files = await readDataTransfer(e.dataTransfer);
      if (files.length) void openFiles(files);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [openFiles]);
  return (
    <>
      {children}
      {over && (
        <div className="drop-overlay" aria-hidden>
          <div>{t('app.dropHint')}</div>
        </div>
      )}
    </>
  );
}
