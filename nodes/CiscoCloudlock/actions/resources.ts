import { activity } from './activity';
import { app } from './app';
import { entity } from './entity';
import { incident } from './incident';
import { incidentAggregate } from './incidentAggregate';
import { incidentEntity } from './incidentEntity';
import { ipLibrary } from './ipLibrary';
import { policy } from './policy';
import { threat } from './threat';
import type { ResourceModule } from './types';

/** Resource values are stored in saved workflows: never rename one, only add. */
export const resources: Record<string, ResourceModule> = {
	activity,
	app,
	entity,
	incident,
	incidentAggregate,
	incidentEntity,
	ipLibrary,
	policy,
	threat,
};
