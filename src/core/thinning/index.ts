export * from './errors';
export * from './slice-axes';
export * from './thin-model';
export * from './thinned-agreement';
export * from './removed-filters';
export * from './run-thinning';
