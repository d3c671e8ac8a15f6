import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * Reads an ID parameter, rejecting empty values and characters that would change the request
 * path, so a bad expression fails with a message instead of calling a different endpoint.
 */
export function readId(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const id = String(raw ?? '').trim();
	if (id === '') {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is empty`, {
			itemIndex,
			description: `Enter the ${label} or map it with an expression.`,
		});
	}
	// A path segment of dots only is resolved by the URL parser (`/incidents/..` is the API root).
	if (!/^[A-Za-z0-9_.:#@-]+$/.test(id) || /^\.+$/.test(id)) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is not a valid Cloudlock ID: ${id}`, {
			itemIndex,
			description: 'Cloudlock IDs contain only letters, digits and - _ . : # @.',
		});
	}
	return encodeURIComponent(id);
}

/**
 * The object a get-by-ID call answered. An empty or non-object body would otherwise become an
 * empty output item, so it fails with the request named instead.
 */
export function singleRecord(
	ctx: IExecuteFunctions,
	body: unknown,
	request: string,
	itemIndex: number,
): IDataObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	throw new NodeApiError(
		ctx.getNode(),
		{ message: 'Unexpected response shape', request },
		{
			message: `Cloudlock's answer to ${request} is not a record`,
			description:
				'Check the Base URL in the credential: it must be the tenant’s API URL ending in /api/v2.',
			itemIndex,
		},
	);
}
