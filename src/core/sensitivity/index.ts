export * from './errors';
export * from './types';
export * from './levels';
export * from './sweep';
export * from './label-free';
export * from './csv';
export * from './plan-from-curves';
export { channelGraphForSweep, checkGroupFits, groupFits } from './level-masks';
