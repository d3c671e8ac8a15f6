import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../types';
import * as classify from './classify.operation';
import * as get from './get.operation';
import * as getAccessScopes from './getAccessScopes.operation';
import * as getAll from './getAll.operation';
import * as getInstalls from './getInstalls.operation';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['app'] } },
	options: [
		{
			name: 'Classify',
			value: 'classify',
			description: 'Mark an app as trusted, restricted, banned or unclassified',
			action: 'Classify an app',
		},
		{ name: 'Get', value: 'get', description: 'Get an app by ID', action: 'Get an app' },
		{
			name: 'Get Access Scopes',
			value: 'getAccessScopes',
			description: 'List the permissions an app holds',
			action: 'Get access scopes of an app',
		},
		{
			name: 'Get Installs',
			value: 'getInstalls',
			description: 'List the users who installed an app',
			action: 'Get installs of an app',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List connected third-party apps with filters',
			action: 'Get many apps',
		},
	],
	default: 'getAll',
};

export const app: ResourceModule = {
	description: [
		operation,
		...getAll.description,
		...get.description,
		...classify.description,
		...getAccessScopes.description,
		...getInstalls.description,
	],
	operations: { classify, get, getAccessScopes, getAll, getInstalls },
};
