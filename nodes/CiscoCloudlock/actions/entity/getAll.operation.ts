import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import {
	dateRangeFields,
	filtersCollection,
	optionsCollection,
	returnAllAndLimit,
} from '../../helpers/descriptions';
import { asNodeError } from '../../helpers/errors';
import { compact, readConcurrency, readLimit, toFilterTime, toList } from '../../helpers/params';
import { apiList } from '../../transport';

/** Values exactly as Cloudlock's API reference spells them (the records say `organization_wide`). */
export const EXPOSURE_OPTIONS = [
	{ name: 'Externally Shared', value: 'externally shared' },
	{ name: 'Internally Shared', value: 'internally shared' },
	{ name: 'Organization-Wide', value: 'organization-wide' },
	{ name: 'Private', value: 'private' },
	{ name: 'Public', value: 'public' },
];

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection(
		{
			displayName: 'Asset Type',
			name: 'assetType',
			type: 'string',
			default: '',
			placeholder: 'google_document',
			description: 'Only assets of this type, e.g. google_spreadsheet, pdf or folder',
		},
		{
			displayName: 'Exposure',
			name: 'exposure',
			type: 'multiOptions',
			options: EXPOSURE_OPTIONS,
			default: [],
			description: 'Only assets shared in one of these ways',
		},
		{
			displayName: 'MIME Type',
			name: 'mimeType',
			type: 'string',
			default: '',
			placeholder: 'spreadsheet',
			description: 'Only assets of this kind, e.g. spreadsheet or document',
		},
		{
			displayName: 'Owners',
			name: 'owners',
			type: 'string',
			default: '',
			placeholder: 'alice@example.com, bob@example.com',
			description: 'Only assets owned by one of these e-mail addresses, separated by commas',
		},
		{
			displayName: 'Platform',
			name: 'platform',
			type: 'string',
			default: '',
			placeholder: 'google_document, google_site',
			description:
				'Only assets from these platforms (vendor_type, e.g. google_document), separated by commas',
		},
		...dateRangeFields('updated', 'Only assets updated'),
	),
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['entity'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = compact({
		platform: toList(filters.platform).join(','),
		owners: toList(filters.owners).join(','),
		exposure: toList(filters.exposure).join(','),
		asset_type: filters.assetType as string,
		mime_type: filters.mimeType as string,
		updated_after: toFilterTime(this, filters.updatedAfter, 'Updated After', itemIndex),
		updated_before: toFilterTime(this, filters.updatedBefore, 'Updated Before', itemIndex),
	});
	try {
		return await apiList.call(this, '/entities', qs, {
			limit: readLimit(this, itemIndex),
			itemIndex,
			concurrency: readConcurrency(this, itemIndex),
		});
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '403') {
			const message =
				'Cloudlock refused the entity list (HTTP 403): this usually means the tenant does not have the "Entity Cache" feature';
			throw new NodeApiError(
				this.getNode(),
				{ message, httpCode: '403' },
				{
					message,
					description:
						'Without Entity Cache, look up the asset behind an incident with Incident Entity → Get (the entity ID is in the incident’s entity.id). If the tenant does have the feature, check the token’s permissions and the API IP allow-list under Settings → Authentication & API.',
					httpCode: '403',
					itemIndex,
				},
			);
		}
		throw asNodeError(this, error, itemIndex);
	}
}
