import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * An error as n8n shows it best: our transport's and operations' errors pass through untouched
 * (they already say what failed) and only gain the item index; anything else is wrapped.
 */
export function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** The text Continue On Fail puts into an item's `error`. */
export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
