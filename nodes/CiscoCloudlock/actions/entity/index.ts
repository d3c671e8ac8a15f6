import type { ResourceModule } from '../types';

// Placeholder until the resource's operations land.
export const entity: ResourceModule = { description: [], operations: {} };
