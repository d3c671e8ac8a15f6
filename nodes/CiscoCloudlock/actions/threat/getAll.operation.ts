import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { dateRangeFields, filtersCollection, returnAllAndLimit } from '../../helpers/descriptions';
import { compact, readLimit, toFilterTime } from '../../helpers/params';
import { apiList } from '../../transport';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection(...dateRangeFields('created', 'Only threats detected'), {
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Active', value: 'Active' },
			{ name: 'Dismissed', value: 'Dismissed' },
		],
		default: 'Active',
		description: 'Only threats with this status',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['threat'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = compact({
		status: filters.status as string,
		created_after: toFilterTime(this, filters.createdAfter, 'Created After', itemIndex),
		created_before: toFilterTime(this, filters.createdBefore, 'Created Before', itemIndex),
	});
	return await apiList.call(this, '/threats', qs, { limit: readLimit(this, itemIndex), itemIndex });
}
