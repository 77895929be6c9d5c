import { useTranslation } from 'react-i18next';
import { selectOutline } from '../../state/outline-selectors';
import { selectTensors } from '../../state/selectors';
import { useLab, useLabActions } from '../shared/use-lab';

/** The search box every tensor list shares, and folding all blocks at once. */
export function LayerSearch() {
  const tensors = useLab(selectTensors);
  const outline = useLab(selectOutline);
  const query = useLab((s) => s.layerQuery);
  const { setLayerQuery, setGroupsOpen } = useLabActions();
  const { t } = useTranslation();
  const blocks = outline.groups.filter((g) => g.source !== 'single').map((g) => g.id);
  if (!tensors.length) return null;
  return (
    <div className="layer-search" role="search">
      <input
        type="search"
        aria-label={t('prune.search.label')}
        placeholder={t('prune.search.placeholder')}
        value={query}
        onChange={(e) => setLayerQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setLayerQuery('');
        }}
      />
      {blocks.length > 0 && (
        <>
          <button type="button" className="btn btn-small" onClick={() => setGroupsOpen(blocks, false)}>
            {t('prune.search.foldAll')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setGroupsOpen(blocks, true)}>
            {t('prune.search.unfoldAll')}
          </button>
          <span className="muted">{t('prune.search.counts', { tensors: tensors.length, blocks: blocks.length })}</span>
        </>
      )}
    </div>
  );
}
