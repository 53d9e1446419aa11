// Public face of the model: the SchemaModel both readers produce and every later step reads.
export * from './schema';
export * from './coverage';
export * from './discovery';
export * from './health-thresholds';
export * from './pending';
export { withoutUnmappedBookkeeping } from './bookkeeping';
