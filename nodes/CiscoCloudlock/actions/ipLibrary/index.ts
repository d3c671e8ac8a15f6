import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../types';
import * as addIps from './addIps.operation';
import { libraryField } from './common';
import * as getAll from './getAll.operation';
import * as removeIps from './removeIps.operation';
import * as updateEntry from './updateEntry.operation';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['ipLibrary'] } },
	options: [
		{
			name: 'Add IPs',
			value: 'addIps',
			description: 'Add addresses or CIDR ranges, skipping those already in the library',
			action: 'Add addresses to an IP library',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List the entries of a library',
			action: 'Get many IP library entries',
		},
		{
			name: 'Remove IPs',
			value: 'removeIps',
			description: 'Remove the entries for these addresses or CIDR ranges',
			action: 'Remove addresses from an IP library',
		},
		{
			name: 'Update Entry',
			value: 'updateEntry',
			description: 'Change an entry’s address, categories, description, name or expiry',
			action: 'Update an IP library entry',
		},
	],
	default: 'addIps',
};

const library: INodeProperties = {
	...libraryField,
	displayOptions: { show: { resource: ['ipLibrary'] } },
};

export const ipLibrary: ResourceModule = {
	description: [
		operation,
		library,
		...addIps.description,
		...getAll.description,
		...removeIps.description,
		...updateEntry.description,
	],
	operations: { addIps, getAll, removeIps, updateEntry },
};
