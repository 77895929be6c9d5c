export * from './outline';
export * from './graph-blocks';
export * from './name-path';
export * from './tensor-kinds';
export * from './tensor-search';
export * from './group-density';
export * from './selection';
export * from './outline-rows';
