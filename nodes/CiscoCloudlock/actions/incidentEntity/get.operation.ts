import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readId, singleRecord } from '../../helpers/ids';
import { apiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Entity ID',
		name: 'entityId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'vXxjnWAexL',
		description:
			'The ID of the entity behind an incident, found in the incident’s entity field (not the incident ID)',
		hint: 'Map it from an incident’s entity → id field',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['incidentEntity'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = readId(this, 'entityId', 'Entity ID', itemIndex);
	const path = `/incident_entities/${id}`;
	const body = await apiRequest.call(this, { method: 'GET', path, itemIndex });
	return singleRecord(this, body, `GET ${path}`, itemIndex);
}
