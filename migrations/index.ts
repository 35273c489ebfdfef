import { InitialSchema1764201600000 } from './1764201600000-InitialSchema';

/** Every migration, oldest first. Listed explicitly so that any loader (swc, tsc output, Jest) finds them. */
export const MIGRATIONS = [InitialSchema1764201600000];
