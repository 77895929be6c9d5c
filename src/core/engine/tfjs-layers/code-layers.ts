// Model files are data only: a layer that carries code (a Keras Lambda with its marshalled Python
// function, or a custom class TF.js would have to look up) is refused before anything is built.
import { ModelFormatError } from './model-format-error';

/** Layer classes whose config is code, not data. */
const CODE_LAYERS = new Set(['Lambda', 'TFOpLambda', 'SlicingOpLambda']);
/** Deeper than any real topology; a hand-made nesting this deep is refused instead of overflowing the stack. */
export const MAX_TOPOLOGY_DEPTH = 64;

/**
 * Walks a Keras/TF.js topology and throws a ModelFormatError naming `fileName` and the layer when a
 * layer holds code, or when the JSON nests deeper than MAX_TOPOLOGY_DEPTH.
 */
export function refuseCodeLayers(topology: unknown, fileName: string): void {
  const walk = (node: unknown, depth: number): void => {
    if (depth > MAX_TOPOLOGY_DEPTH)
      throw new ModelFormatError(`${fileName}: the model topology nests deeper than ${MAX_TOPOLOGY_DEPTH} levels`);
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const { class_name: className, config } = node as { class_name?: unknown; config?: { name?: unknown } };
    if (typeof className === 'string' && CODE_LAYERS.has(className)) {
      const name = typeof config?.name === 'string' ? ` '${config.name}'` : '';
      throw new ModelFormatError(
        `${fileName}: layer${name} is a ${className} layer, which holds Python code; PruneLab reads model ` +
          'files as data only and never runs code from them. Replace the Lambda with a built-in layer and save again.',
      );
    }
    for (const value of Object.values(node)) walk(value, depth + 1);
  };
  walk(topology, 0);
}
