import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../transport';
import { appIdField, asRecords, CLASSIFICATION_OPTIONS, readAppId } from './common';

const properties: INodeProperties[] = [
	appIdField,
	{
		displayName: 'Classification',
		name: 'classification',
		type: 'options',
		required: true,
		options: CLASSIFICATION_OPTIONS,
		default: 'trusted',
		description: 'The classification to give the app',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Other Reason',
				name: 'otherReason',
				type: 'string',
				default: '',
				description: 'Your own explanation for the classification',
			},
			{
				displayName: 'Reason ID',
				name: 'reasonId',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 0 },
				default: 0,
				description: 'The ID of one of your tenant’s classification reasons',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['app'], operation: ['classify'] } },
	properties,
);

const CLASSIFICATIONS = new Set(CLASSIFICATION_OPTIONS.map((o) => o.value));

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = readAppId(this, itemIndex);
	const node = this.getNode();
	const type = String(this.getNodeParameter('classification', itemIndex, '') ?? '')
		.trim()
		.toLowerCase();
	if (!CLASSIFICATIONS.has(type)) {
		throw new NodeOperationError(node, `"${type}" is not a Cloudlock app classification`, {
			itemIndex,
			description: `Use one of: ${[...CLASSIFICATIONS].join(', ')}.`,
		});
	}
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = { type };
	if (fields.reasonId !== undefined && fields.reasonId !== '' && fields.reasonId !== null) {
		const reasonId = Number(fields.reasonId);
		if (!Number.isInteger(reasonId) || reasonId < 0) {
			throw new NodeOperationError(
				node,
				`"Reason ID" must be a whole number: ${String(fields.reasonId)}`,
				{
					itemIndex,
					description: 'Use the numeric ID of a classification reason from your Cloudlock tenant.',
				},
			);
		}
		body.reason_id = reasonId;
	}
	if (fields.otherReason !== undefined && String(fields.otherReason) !== '') {
		body.other_reason = String(fields.otherReason);
	}

	const response = await apiRequest.call(this, {
		method: 'POST',
		path: `/apps/${id}/classification`,
		body,
		itemIndex,
	});
	const records = asRecords(response);
	return records.length ? records : [{ id: decodeURIComponent(id), classification: body }];
}
