// Public face of the dialect seam: the interface, and the one implementation there is.
export type { DefaultContext, Dialect, Spelling } from './dialect';
export { postgres } from './postgres';
