import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readId } from '../../helpers/ids';
import { apiRequest, extractItems, recordKey, transportSettings } from '../../transport';

export const appIdField: INodeProperties = {
	displayName: 'App ID',
	name: 'appId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'RkJx2JxK2O',
	description: 'The Cloudlock ID of the app, e.g. from App → Get Many',
};

export const CLASSIFICATION_OPTIONS = [
	{ name: 'Banned', value: 'banned' },
	{ name: 'Restricted', value: 'restricted' },
	{ name: 'Trusted', value: 'trusted' },
	{ name: 'Unclassified', value: 'unclassified' },
];

export function readAppId(ctx: IExecuteFunctions, itemIndex: number): string {
	return readId(ctx, 'appId', 'App ID', itemIndex);
}

/** A response that may be a bare array, an `items` envelope or one object, as records. */
export function asRecords(body: unknown): IDataObject[] {
	const items = extractItems(body);
	if (items) return items;
	if (body && typeof body === 'object' && Object.keys(body).length) return [body as IDataObject];
	return [];
}

/**
 * An app sub-resource (installs, access scopes). Cloudlock documents neither its shape nor its
 * paging: a bare array is taken whole; an `items` envelope is paged with limit/offset until a
 * short page; a single object is one record.
 */
export async function listSubResource(
	ctx: IExecuteFunctions,
	path: string,
	itemIndex: number,
): Promise<IDataObject[]> {
	const { pageSize, maxPages } = transportSettings;
	const out: IDataObject[] = [];
	const seen = new Set<string>();
	let offset = 0;
	for (let page = 0; page < maxPages; page++) {
		const body = await apiRequest.call(ctx, {
			method: 'GET',
			path,
			qs: { limit: pageSize, offset },
			itemIndex,
		});
		const items = extractItems(body);
		if (!items || Array.isArray(body)) return asRecords(body);
		let fresh = 0;
		for (const item of items) {
			const key = recordKey(item);
			if (key !== undefined) {
				if (seen.has(key)) continue;
				seen.add(key);
			}
			fresh++;
			out.push(item);
		}
		const applied = (body as IDataObject).limit;
		const step =
			typeof applied === 'number' && applied > 0 && applied < pageSize ? applied : pageSize;
		if (items.length < step || fresh === 0) break;
		offset += step;
	}
	return out;
}
