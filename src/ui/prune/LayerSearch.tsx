import { selectOutline } from '../../state/outline-selectors';
import { selectTensors } from '../../state/selectors';
import { useLab, useLabActions } from '../shared/use-lab';

/** The search box every tensor list shares, and folding all blocks at once. */
export function LayerSearch() {
  const tensors = useLab(selectTensors);
  const outline = useLab(selectOutline);
  const query = useLab((s) => s.layerQuery);
  const { setLayerQuery, setGroupsOpen } = useLabActions();
  const blocks = outline.groups.filter((g) => g.source !== 'single').map((g) => g.id);
  if (!tensors.length) return null;
  return (
    <div className="layer-search" role="search">
      <input
        type="search"
        aria-label="Search layers"
        placeholder="Search layers: name, op (depthwise, 1x1, dense) or shape (3x3)"
        value={query}
        onChange={(e) => setLayerQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setLayerQuery('');
        }}
      />
      {blocks.length > 0 && (
        <>
          <button type="button" className="btn btn-small" onClick={() => setGroupsOpen(blocks, false)}>
            Fold all
          </button>
          <button type="button" className="btn btn-small" onClick={() => setGroupsOpen(blocks, true)}>
            Unfold all
          </button>
          <span className="muted">
            {tensors.length} tensors in {blocks.length} blocks
          </span>
        </>
      )}
    </div>
  );
}
