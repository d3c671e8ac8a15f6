import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../types';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['incident'] } },
	options: [
		{ name: 'Get', value: 'get', description: 'Get an incident by ID', action: 'Get an incident' },
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List incidents with filters',
			action: 'Get many incidents',
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Change the status, severity or customer key of an incident',
			action: 'Update an incident',
		},
	],
	default: 'getAll',
};

export const incident: ResourceModule = {
	description: [operation, ...getAll.description, ...get.description, ...update.description],
	operations: { get, getAll, update },
};
