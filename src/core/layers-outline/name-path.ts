// A tensor's place in the model's module hierarchy, read from its name: PyTorch's dotted module paths
// (layer2.0.conv1.weight), ONNX node paths (/layer1/layer1.0/conv1/Conv), and Keras's flat layer names
// whose block sits in the name itself (block_3_expand, conv2_block1_1_conv, conv_dw_3).

/** Keras block names: an optional stage prefix, the block, then the layer's own part. */
const KERAS_BLOCK = /^(?:(.+?)_)?(block_?\d+[a-z]?)_(.+)$/;
const MOBILENET_V2_FIRST = /^(expanded_conv(?:_\d+)?)_(.+)$/;
const MOBILENET_V1 = /^conv_(dw|pw)_(\d+)(.*)$/;

function splitComponent(c: string): string[] {
  const block = KERAS_BLOCK.exec(c);
  if (block) return [...(block[1] ? [block[1]] : []), block[2], block[3]];
  const first = MOBILENET_V2_FIRST.exec(c);
  if (first) return [first[1], first[2]];
  const v1 = MOBILENET_V1.exec(c);
  if (v1) return [`block_${v1[2]}`, `${v1[1]}${v1[3]}`];
  return [c];
}

/**
 * The module path of a tensor: the components of its name without the parameter or op at its end
 * (kernel, weight, Conv). The last component is the layer itself; the ones before it are its blocks.
 */
export function modulePath(name: string): string[] {
  const parts = (name.includes('/') ? name.split('/') : name.split('.')).filter((p) => p !== '');
  const modules = parts.length > 1 ? parts.slice(0, -1) : parts;
  return modules.flatMap(splitComponent);
}

/** The block a tensor sits in at depth `depth` of its path ('' = the model's top level). */
export function blockKey(path: readonly string[], depth: number): string {
  return path.slice(0, Math.min(depth, path.length - 1)).join('/');
}
