import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersCollection, returnAllAndLimit } from '../../helpers/descriptions';
import { compact, readLimit } from '../../helpers/params';
import { apiList } from '../../transport';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection(
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'Social Security Number',
			description: 'Only policies matching this name',
		},
		{
			displayName: 'State',
			name: 'state',
			type: 'options',
			options: [
				{ name: 'Active', value: 'ACTIVE' },
				{ name: 'Inactive', value: 'INACTIVE' },
			],
			default: 'ACTIVE',
			description: 'Only policies in this state',
		},
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['policy'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = compact({
		// Cloudlock's state filter is case-sensitive.
		state: filters.state === undefined ? undefined : String(filters.state).trim().toUpperCase(),
		name: String(filters.name ?? '').trim(),
	});
	return await apiList.call(this, '/policies', qs, {
		limit: readLimit(this, itemIndex),
		itemIndex,
	});
}
