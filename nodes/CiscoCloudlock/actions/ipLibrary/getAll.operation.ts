import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	filtersCollection,
	optionsCollection,
	returnAllAndLimit,
} from '../../helpers/descriptions';
import { compact, readConcurrency, readLimit } from '../../helpers/params';
import { apiList } from '../../transport';
import { readLibrary } from './common';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection(
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'Only entries whose name contains this text',
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: '203.0.113',
			description:
				'Only entries whose name, location, IP address or categories contain this text (a substring match, so 10.0.0.1 also finds 10.0.0.10)',
		},
	),
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['ipLibrary'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const library = readLibrary(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return await apiList.call(
		this,
		`/ip/${library}`,
		compact({ q: filters.search as string, name: filters.name as string }),
		{
			limit: readLimit(this, itemIndex),
			itemIndex,
			concurrency: readConcurrency(this, itemIndex),
		},
	);
}
