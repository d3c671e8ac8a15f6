import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	dateFilterField,
	filtersCollection,
	simplifyField,
	VENDOR_OPTIONS,
} from '../../helpers/descriptions';
import { compact, toFilterTime } from '../../helpers/params';
import { simplifyAggregate } from '../../helpers/simplify';
import { apiRequest, extractItems } from '../../transport';

/** `groupBy` values are stored in saved workflows; the paths are Cloudlock's. */
const PATHS: Record<string, string> = {
	policy: '/incidents/aggregates/policies',
	status: '/incidents/aggregates/status',
	user: '/incidents/aggregates/users',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'options',
		required: true,
		default: 'policy',
		options: [
			{
				name: 'Policy',
				value: 'policy',
				description: 'One row per policy that raised incidents',
			},
			{ name: 'Status', value: 'status', description: 'One row per incident status' },
			{ name: 'User', value: 'user', description: 'One row per user (e-mail) with incidents' },
		],
		description: 'What to count incidents by; every row splits its count by severity',
	},
	filtersCollection(dateFilterField('created', 'After', 'Count only incidents created'), {
		displayName: 'Vendor',
		name: 'vendor',
		type: 'options',
		options: VENDOR_OPTIONS,
		default: 'google',
		description: 'Count only incidents on this cloud platform',
	}),
	{
		...simplifyField('group'),
		hint: 'Flat rows: id, name, info, warning, critical, alert, total',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['incidentAggregate'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const groupBy = String(this.getNodeParameter('groupBy', itemIndex));
	// Own keys only: "constructor" or "toString" from an expression must not become a path.
	const path = Object.prototype.hasOwnProperty.call(PATHS, groupBy) ? PATHS[groupBy] : undefined;
	if (!path) {
		throw new NodeOperationError(
			this.getNode(),
			`"Group By" has a value Cloudlock does not know: ${groupBy}`,
			{
				itemIndex,
				description: `Use one of: ${Object.keys(PATHS).join(', ')}.`,
			},
		);
	}
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = compact({
		created_after: toFilterTime(this, filters.createdAfter, 'Created After', itemIndex),
		vendor: filters.vendor as string,
	});

	const body = await apiRequest.call(this, { method: 'GET', path, qs, itemIndex });
	// Documented as a bare array; an envelope is accepted too in case a tenant wraps it.
	const groups = extractItems(body);
	if (!groups) {
		throw new NodeApiError(
			this.getNode(),
			{ message: 'Unexpected response shape', request: `GET ${path}` },
			{
				message: `Cloudlock's answer to GET ${path} is not a list of counts`,
				description:
					'Check the Base URL in the credential: it must be the tenant’s API URL ending in /api/v2.',
				itemIndex,
			},
		);
	}
	return this.getNodeParameter('simplify', itemIndex, false)
		? groups.map(simplifyAggregate)
		: groups;
}
