import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	INCIDENT_STATUS_OPTIONS,
	SEVERITY_OPTIONS,
	simplifyField,
} from '../../helpers/descriptions';
import { readId, singleRecord } from '../../helpers/ids';
import { simplifyIncident } from '../../helpers/simplify';
import { apiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Incident ID',
		name: 'incidentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '320831601',
		description: 'The numeric ID of the incident, e.g. mapped from the trigger output',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Customer Key',
				name: 'customerKey',
				type: 'string',
				default: '',
				description: 'Your own reference for the incident, e.g. a ticket number',
			},
			{
				displayName: 'Severity',
				name: 'severity',
				type: 'options',
				options: SEVERITY_OPTIONS,
				default: 'WARNING',
				description: 'The new severity',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: INCIDENT_STATUS_OPTIONS,
				default: 'IN PROGRESS',
				description: 'The new status',
			},
		],
	},
	simplifyField('incident'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['incident'], operation: ['update'] } },
	properties,
);

const allowed = (values: Array<{ value: string }>) => new Set(values.map((v) => v.value));
const STATUSES = allowed(INCIDENT_STATUS_OPTIONS);
const SEVERITIES = allowed(SEVERITY_OPTIONS);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = readId(this, 'incidentId', 'Incident ID', itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (fields.status !== undefined)
		body.incident_status = String(fields.status)
			.trim()
			.toUpperCase()
			.replace(/[_\s]+/g, ' ');
	if (fields.severity !== undefined) body.severity = String(fields.severity).trim().toUpperCase();
	if (fields.customerKey !== undefined) body.customer_key = String(fields.customerKey);

	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one field to update', {
			itemIndex,
			description: 'Add Status, Severity or Customer Key under Update Fields.',
		});
	}
	if (body.incident_status !== undefined && !STATUSES.has(body.incident_status as string)) {
		throw new NodeOperationError(
			this.getNode(),
			`Status "${String(fields.status)}" is not a Cloudlock incident status`,
			{
				itemIndex,
				description: `Use one of: ${[...STATUSES].join(', ')}.`,
			},
		);
	}
	if (body.severity !== undefined && !SEVERITIES.has(body.severity as string)) {
		throw new NodeOperationError(
			this.getNode(),
			`Severity "${String(fields.severity)}" is not a Cloudlock severity`,
			{
				itemIndex,
				description: `Use one of: ${[...SEVERITIES].join(', ')}.`,
			},
		);
	}

	const path = `/incidents/${id}`;
	let answer = await apiRequest.call(this, { method: 'PUT', path, body, itemIndex });
	// The update is done even if Cloudlock answers without the record; read it back then.
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) {
		answer = await apiRequest.call(this, { method: 'GET', path, itemIndex });
	}
	const incident = singleRecord(this, answer, `GET ${path}`, itemIndex);
	return this.getNodeParameter('simplify', itemIndex, false)
		? simplifyIncident(incident)
		: incident;
}
