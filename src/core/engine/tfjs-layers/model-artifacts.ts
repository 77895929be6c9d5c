// Turns tf.io.ModelArtifacts (what model.save hands to a save handler) into the two files of a
// TF.js layers-model on disk or for download: model.json and one weights shard.
import * as tf from '@tensorflow/tfjs';

export interface LayersModelFiles {
  /** model.json text: format 'layers-model', weightsManifest pointing at the weights file. */
  modelJson: string;
  /** all weights, concatenated in weightSpecs order (one shard). */
  weights: Uint8Array;
}

export class ModelArtifactsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelArtifactsError';
  }
}

export function artifactsToFiles(artifacts: tf.io.ModelArtifacts, weightsFileName = 'weights.bin'): LayersModelFiles {
  if (artifacts.modelTopology === undefined || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new ModelArtifactsError(
      'model artifacts have no JSON model topology; only layers models can be written as model.json',
    );
  }
  const weightSpecs = artifacts.weightSpecs ?? [];
  // weightData may come as one buffer or as several shards (tfjs >= 4.10).
  const weightData =
    artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const modelJson: Record<string, unknown> = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [weightsFileName], weights: weightSpecs }],
  };
  if (artifacts.trainingConfig !== undefined) modelJson.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata !== undefined) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  return { modelJson: JSON.stringify(modelJson), weights: new Uint8Array(weightData) };
}

/** Saves a layers model in memory and returns its model.json + weights.bin contents. */
export async function layersModelToFiles(
  model: tf.LayersModel,
  weightsFileName = 'weights.bin',
): Promise<LayersModelFiles> {
  let files: LayersModelFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      files = artifactsToFiles(artifacts, weightsFileName);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (files === undefined) throw new ModelArtifactsError('model.save did not hand over any artifacts');
  return files;
}
