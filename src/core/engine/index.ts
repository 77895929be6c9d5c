export * from './model-engine';
export { LayersEngine, openLayersModel } from './tfjs-layers/layers-engine';
