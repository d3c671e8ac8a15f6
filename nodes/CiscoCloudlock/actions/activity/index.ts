import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../types';
import * as getAll from './getAll.operation';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['activity'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List user activities (logins, setting changes and other events)',
			action: 'Get many activities',
		},
	],
	default: 'getAll',
};

export const activity: ResourceModule = {
	description: [operation, ...getAll.description],
	operations: { getAll },
};
