import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../types';
import * as getAll from './getAll.operation';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['entity'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			description:
				'List assets (files, folders, sites) with filters; needs the Entity Cache feature',
			action: 'Get many entities',
		},
	],
	default: 'getAll',
};

export const entity: ResourceModule = {
	description: [operation, ...getAll.description],
	operations: { getAll },
};
