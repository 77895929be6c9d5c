// Distiller schedules name PyTorch parameters ("fc1.weight", "module.conv1.weight"); PruneLab
// names TF.js weights ("fc1/kernel"). The rule, both ways:
//   import: drop every "module." segment (DataParallel wrappers); a model named by module paths
//           takes the rest as is, else "<path>.weight" ->
//           "<path>/kernel", trying the path as is and with its dots as "_" (a PyTorch
//           "features.0" becomes the Keras layer "features_0"); a name already in TF.js form
//           ("fc1/kernel") is taken as is.
//   export: "<layer>/kernel" -> "<prefix><layer>.weight" (prefix e.g. "module.").
// Layouts differ ([out, in] vs [in, out]); names only say which tensor, not how it is laid out.

/** The model tensor a Distiller weight name refers to, or null when none matches. */
export function tensorForWeightName(weight: string, modelTensors: readonly string[]): string | null {
  if (modelTensors.includes(weight)) return weight;
  const path = weight
    .split('.')
    .filter((part) => part !== 'module')
    .join('.');
  // a model already named by PyTorch module paths (an ONNX export)
  if (modelTensors.includes(path)) return path;
  if (!path.endsWith('.weight')) return null;
  const layer = path.slice(0, -'.weight'.length);
  for (const candidate of [`${layer}/kernel`, `${layer.replace(/\./g, '_')}/kernel`]) {
    if (modelTensors.includes(candidate)) return candidate;
  }
  return null;
}

/** The PyTorch-style name Distiller would use for a model tensor. */
export function weightNameForTensor(tensor: string, prefix = ''): string {
  const slash = tensor.lastIndexOf('/');
  if (slash < 0) return `${prefix}${tensor}`;
  const layer = tensor.slice(0, slash);
  const suffix = tensor.slice(slash + 1);
  return suffix === 'kernel' ? `${prefix}${layer}.weight` : `${prefix}${tensor}`;
}

/**
 * Distiller names (a sensitivity CSV's `parameter`, with or without DataParallel's "module.") as the
 * model's tensor names; a name that matches no tensor stays as written.
 */
export function toModelTensorNames<T extends { parameter: string }>(
  rows: readonly T[],
  modelTensors: readonly string[],
) {
  return rows.map((r) => ({ ...r, parameter: tensorForWeightName(r.parameter, modelTensors) ?? r.parameter }));
}
