import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
	if (!/^[A-Za-z0-9_.:#@-]+$/.test(id)) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is not a valid Cloudlock ID: ${id}`, {
			itemIndex,
			description: 'Cloudlock IDs contain only letters, digits and - _ . : # @.',
		});
	}
	return encodeURIComponent(id);
}
