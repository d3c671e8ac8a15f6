import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	dateRangeFields,
	filtersCollection,
	INCIDENT_STATUS_OPTIONS,
	incidentFilterFields,
	optionsCollection,
	returnAllAndLimit,
	SEVERITY_OPTIONS,
	simplifyField,
} from '../../helpers/descriptions';
import { listIncidents } from '../../helpers/incidents';
import type { IncidentOrder } from '../../helpers/incidents';
import {
	compact,
	readConcurrency,
	readLimit,
	toEnumList,
	toFilterTime,
} from '../../helpers/params';
import { simplifyIncident } from '../../helpers/simplify';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	filtersCollection(
		...dateRangeFields('created', 'Only incidents created'),
		{
			displayName: 'Customer Key',
			name: 'customerKey',
			type: 'string',
			default: '',
			description: 'Only incidents whose customer key is exactly this value',
		},
		{
			displayName: 'Incident Type',
			name: 'incidentType',
			type: 'string',
			default: '',
			placeholder: 'COMPLIANCE',
			description: 'Only incidents of this type, e.g. COMPLIANCE or UEBA',
		},
		...incidentFilterFields,
		...dateRangeFields('updated', 'Only incidents updated'),
	),
	simplifyField('incident'),
	optionsCollection({
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		default: '-created_at',
		options: [
			{ name: 'Newest Created First', value: '-created_at' },
			{ name: 'Newest Updated First', value: '-updated_at' },
			{ name: 'Oldest Created First', value: 'created_at' },
			{ name: 'Oldest Updated First', value: 'updated_at' },
		],
		description: 'Order of the returned incidents',
	}),
];

const ORDERS: IncidentOrder[] = ['-created_at', '-updated_at', 'created_at', 'updated_at'];

export const description = updateDisplayOptions(
	{ show: { resource: ['incident'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	const limit = readLimit(this, itemIndex);
	const severities = toEnumList(this, filters.severity, SEVERITY_OPTIONS, 'Severity', itemIndex);
	const statuses = toEnumList(this, filters.status, INCIDENT_STATUS_OPTIONS, 'Status', itemIndex);
	const order = String(options.sort || '-created_at') as IncidentOrder;
	if (!ORDERS.includes(order)) {
		throw new NodeOperationError(
			this.getNode(),
			`"Sort" has a value Cloudlock does not know: ${order}`,
			{
				itemIndex,
				description: `Use one of: ${ORDERS.join(', ')}.`,
			},
		);
	}

	const qs = compact({
		policy_id: filters.policyId as string,
		incident_type: filters.incidentType as string,
		vendor: filters.vendor as string,
		customer_key: filters.customerKey as string,
		created_after: toFilterTime(this, filters.createdAfter, 'Created After', itemIndex),
		created_before: toFilterTime(this, filters.createdBefore, 'Created Before', itemIndex),
		updated_after: toFilterTime(this, filters.updatedAfter, 'Updated After', itemIndex),
		updated_before: toFilterTime(this, filters.updatedBefore, 'Updated Before', itemIndex),
	});

	const incidents = await listIncidents.call(this, {
		qs,
		severities,
		statuses,
		order,
		limit,
		itemIndex,
		concurrency: readConcurrency(this, itemIndex),
		snapshot: true,
	});
	return simplify ? incidents.map(simplifyIncident) : incidents;
}
