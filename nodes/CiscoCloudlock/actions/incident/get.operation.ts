import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyField } from '../../helpers/descriptions';
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
	simplifyField('incident'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['incident'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = readId(this, 'incidentId', 'Incident ID', itemIndex);
	const path = `/incidents/${id}`;
	const body = await apiRequest.call(this, { method: 'GET', path, itemIndex });
	const incident = singleRecord(this, body, `GET ${path}`, itemIndex);
	return this.getNodeParameter('simplify', itemIndex, false)
		? simplifyIncident(incident)
		: incident;
}
