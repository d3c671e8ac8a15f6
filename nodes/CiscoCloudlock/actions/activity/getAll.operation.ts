import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	dateFilterField,
	filtersCollection,
	optionsCollection,
	returnAllAndLimit,
	simplifyField,
} from '../../helpers/descriptions';
import { compact, readConcurrency, readLimit, toFilterTime, toList } from '../../helpers/params';
import { simplifyActivity } from '../../helpers/simplify';
import { apiList } from '../../transport';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection(
		dateFilterField('created', 'After', 'Only activities that happened'),
		{
			// Free text: Cloudlock does not publish the list and it grows with each platform.
			displayName: 'Event Type',
			name: 'eventType',
			type: 'string',
			default: '',
			placeholder: 'login',
			description: 'Only activities of this event type, e.g. login, user_settings or other',
		},
		{
			displayName: 'IDs',
			name: 'ids',
			type: 'string',
			default: '',
			placeholder: 'google:auth:-4132259428371024344#0',
			description:
				'Only these activities: composite IDs (vendor:service:event ID), separated by commas. A UEBA incident’s entity.origin_id or a simplified activity’s compositeId fits here.',
		},
	),
	simplifyField('activity'),
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['activity'], operation: ['getAll'] } },
	properties,
);

/**
 * IDs are sent as typed; the HTTP layer encodes `#` and the rest. An ID pasted already encoded
 * (Cloudlock's docs show `…%230`) is decoded first so it is not encoded twice.
 */
function plainId(id: string): string {
	if (!/%[0-9A-Fa-f]{2}/.test(id)) return id;
	try {
		return decodeURIComponent(id);
	} catch {
		return id;
	}
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	const ids = toList(filters.ids).map(plainId);
	const qs = compact({
		event_type: String(filters.eventType ?? '').trim(),
		ids: ids.join(','),
		created_after: toFilterTime(this, filters.createdAfter, 'Created After', itemIndex),
	});
	const activities = await apiList.call(this, '/activities', qs, {
		limit: readLimit(this, itemIndex),
		itemIndex,
		concurrency: readConcurrency(this, itemIndex),
	});
	return simplify ? activities.map(simplifyActivity) : activities;
}
