import type { ResourceModule } from '../types';

// Placeholder until the resource's operations land.
export const incidentAggregate: ResourceModule = { description: [], operations: {} };
