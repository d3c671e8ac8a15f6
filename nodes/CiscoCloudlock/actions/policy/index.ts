import type { ResourceModule } from '../types';

// Placeholder until the resource's operations land.
export const policy: ResourceModule = { description: [], operations: {} };
