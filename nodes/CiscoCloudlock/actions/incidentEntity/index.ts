import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../types';
import * as get from './get.operation';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['incidentEntity'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			description: 'Get the file, object or event behind an incident, with its sharing list',
			action: 'Get an incident entity',
		},
	],
	default: 'get',
};

export const incidentEntity: ResourceModule = {
	description: [operation, ...get.description],
	operations: { get },
};
