import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../types';
import * as getAll from './getAll.operation';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['policy'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List the detection policies configured in Cloudlock',
			action: 'Get many policies',
		},
	],
	default: 'getAll',
};

export const policy: ResourceModule = {
	description: [operation, ...getAll.description],
	operations: { getAll },
};
