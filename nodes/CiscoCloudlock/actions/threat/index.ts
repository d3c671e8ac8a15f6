import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../types';
import * as getAll from './getAll.operation';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['threat'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List UEBA threats (anomalies such as account compromise)',
			action: 'Get many threats',
		},
	],
	default: 'getAll',
};

export const threat: ResourceModule = {
	description: [operation, ...getAll.description],
	operations: { getAll },
};
