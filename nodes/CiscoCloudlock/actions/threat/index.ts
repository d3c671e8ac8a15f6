import type { ResourceModule } from '../types';

// Placeholder until the resource's operations land.
export const threat: ResourceModule = { description: [], operations: {} };
