export * from './storage';
export * from './layer-macs';
export * from './cost-report';
export * from './latency';
