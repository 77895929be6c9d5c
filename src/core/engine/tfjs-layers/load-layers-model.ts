// tf.loadLayersModel builds the layers (their variables) and decodes the weights before it checks that
// the names and shapes match; when they do not, it throws and leaves all of those tensors behind.
import * as tf from '@tensorflow/tfjs';

/** tf.loadLayersModel that, when loading fails, disposes the variables and tensors it made. */
export async function loadLayersModelCleanly(handler: tf.io.IOHandler): Promise<tf.LayersModel> {
  const engine = tf.engine();
  const variablesBefore = new Set(Object.keys(engine.registeredVariables));
  engine.startScope('loadLayersModelCleanly');
  try {
    return await tf.loadLayersModel(handler);
  } catch (e) {
    for (const [name, variable] of Object.entries(engine.registeredVariables))
      if (!variablesBefore.has(name)) variable.dispose();
    throw e;
  } finally {
    // Variables are not tracked by scopes: this disposes only the decoded weight values and temporaries.
    engine.endScope();
  }
}
