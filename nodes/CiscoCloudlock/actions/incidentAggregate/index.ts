import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../types';
import * as get from './get.operation';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['incidentAggregate'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			description: 'Count incidents per policy, status or user, split by severity',
			action: 'Get incident counts',
		},
	],
	default: 'get',
};

export const incidentAggregate: ResourceModule = {
	description: [operation, ...get.description],
	operations: { get },
};
