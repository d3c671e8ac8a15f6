import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { readId } from '../../helpers/ids';
import { parseIp } from '../../helpers/ip';
import { toList } from '../../helpers/params';
import { formatCloudlockTime, userDateToInstant } from '../../helpers/time';
import { apiRequest } from '../../transport';
import { LIBRARY_LABEL, readLibrary } from './common';
import type { Library } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Entry ID',
		name: 'pk',
		type: 'string',
		required: true,
		default: '',
		placeholder: '6yj3gQxaqo',
		description: 'The entry’s ID (its "pk"), e.g. from IP Library → Get Many or Add IPs',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Categories',
				name: 'categories',
				type: 'string',
				default: '',
				placeholder: 'TOR network, Malicious',
				description: 'The entry’s categories, separated by commas; they replace the current ones',
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'Internal short description',
			},
			{
				displayName: 'Expires On',
				name: 'expiresOn',
				type: 'dateTime',
				default: '',
				description: 'When the entry leaves the library; leave empty to make it permanent',
				displayOptions: { show: { '/library': ['suspicious'] } },
			},
			{
				displayName: 'IP Address',
				name: 'ipAddress',
				type: 'string',
				default: '',
				placeholder: '203.0.113.7',
				description: 'The new IPv4 or IPv6 address or CIDR range',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Name of the entry',
				displayOptions: { show: { '/library': ['trusted'] } },
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['ipLibrary'], operation: ['updateEntry'] } },
	properties,
);

/** Fields Cloudlock's PUT accepts per library (its API reference lists different ones). */
const ONLY_FOR: Record<string, { library: Library; label: string }> = {
	expiresOn: { library: 'suspicious', label: 'Expires On' },
	name: { library: 'trusted', label: 'Name' },
};

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const library = readLibrary(this, itemIndex);
	const pk = readId(this, 'pk', 'Entry ID', itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const node = this.getNode();

	for (const [field, rule] of Object.entries(ONLY_FOR)) {
		if (fields[field] !== undefined && rule.library !== library) {
			throw new NodeOperationError(
				node,
				`"${rule.label}" can only be changed in the ${LIBRARY_LABEL[rule.library]} library`,
				{
					itemIndex,
					description: `Cloudlock does not accept it for ${LIBRARY_LABEL[library]} entries. Remove the field or choose the ${LIBRARY_LABEL[rule.library]} library.`,
				},
			);
		}
	}

	const body: IDataObject = {};
	if (fields.ipAddress !== undefined) {
		const parsed = parseIp(String(fields.ipAddress));
		if (!parsed) {
			throw new NodeOperationError(node, `Invalid IP address: "${String(fields.ipAddress)}"`, {
				itemIndex,
				description: 'Use an IPv4 or IPv6 address or a CIDR range, e.g. 203.0.113.7.',
			});
		}
		body.ip_address = parsed.canonical;
	}
	if (fields.categories !== undefined) body.categories = toList(fields.categories);
	if (fields.description !== undefined) body.description = String(fields.description);
	if (fields.name !== undefined) body.name = String(fields.name);
	if (fields.expiresOn !== undefined) {
		const raw = fields.expiresOn;
		if (raw === '' || raw === null) {
			body.expires_on = null;
		} else {
			const instant = userDateToInstant(raw, this.getTimezone());
			if (instant === undefined) {
				throw new NodeOperationError(node, `"Expires On" is not a date: ${String(raw)}`, {
					itemIndex,
					description: 'Use an ISO date such as 2026-12-31 or 2026-12-31T08:00:00Z.',
				});
			}
			body.expires_on = `${formatCloudlockTime(instant)}+00:00`;
		}
	}
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(node, 'Choose at least one field to update', {
			itemIndex,
			description:
				library === 'suspicious'
					? 'Add IP Address, Categories, Description or Expires On under Update Fields.'
					: 'Add IP Address, Categories, Description or Name under Update Fields.',
		});
	}

	const response = await apiRequest.call(this, {
		method: 'PUT',
		path: `/ip/${library}/${pk}`,
		body,
		itemIndex,
	});
	return response && typeof response === 'object' && !Array.isArray(response)
		? (response as IDataObject)
		: { pk: decodeURIComponent(pk), library, updated: true };
}
