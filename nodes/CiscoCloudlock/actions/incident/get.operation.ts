import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyField } from '../../helpers/descriptions';
import { readId } from '../../helpers/ids';
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
	const incident = (await apiRequest.call(this, {
		method: 'GET',
		path: `/incidents/${id}`,
		itemIndex,
	})) as IDataObject;
	return this.getNodeParameter('simplify', itemIndex, false)
		? simplifyIncident(incident)
		: incident;
}
