export * from './errors';
export * from './model-topology';
export * from './channel-graph';
export * from './propagate';
export * from './coupling-list';
