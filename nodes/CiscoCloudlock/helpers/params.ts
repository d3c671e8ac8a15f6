import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { transportSettings } from '../transport';
import { formatCloudlockTime, userDateToInstant } from './time';

/**
 * Return All → undefined (no cap), otherwise the Limit parameter. An expression can hand over
 * anything, so a Limit that is not a whole number of at least 1 fails here rather than in paging.
 */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return undefined;
	const raw = ctx.getNodeParameter('limit', itemIndex, 50) as unknown;
	const limit = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Limit" must be a whole number of at least 1, not ${JSON.stringify(raw)}`,
			{ itemIndex, description: 'Set Limit to 1 or more, or turn on Return All.' },
		);
	}
	return limit;
}

export function readConcurrency(
	ctx: IExecuteFunctions,
	itemIndex: number,
	collection = 'options',
): number {
	const options = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	const value = Number(options.maxConcurrency ?? transportSettings.defaultConcurrency);
	return Number.isFinite(value) && value >= 1
		? Math.floor(value)
		: transportSettings.defaultConcurrency;
}

/** A date parameter as the UTC text Cloudlock filters accept; throws a clear error for garbage. */
export function toFilterTime(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const instant = userDateToInstant(value, ctx.getTimezone());
	if (instant === undefined) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is not a date: ${String(value)}`, {
			itemIndex,
			description: 'Use an ISO date such as 2026-11-30 or 2026-11-30T08:00:00Z.',
		});
	}
	return formatCloudlockTime(instant);
}

/** A list parameter that may arrive as an array, or as comma/newline separated text from an expression. */
export function toList(value: unknown): string[] {
	const raw = Array.isArray(value) ? value : String(value ?? '').split(/[,\n]/);
	return raw.map((v) => String(v).trim()).filter((v) => v !== '');
}

/**
 * A multi-value enum parameter (array from the UI, or text from an expression) as the exact values
 * Cloudlock accepts; `in progress` and `in_progress` both become `IN PROGRESS`. Throws before any
 * request for a value Cloudlock does not know. The trigger calls it too, without an item index.
 */
export function toEnumList(
	ctx: Pick<IExecuteFunctions | IPollFunctions, 'getNode'>,
	value: unknown,
	options: Array<{ value: string }>,
	label: string,
	itemIndex?: number,
): string[] {
	const allowed = options.map((option) => option.value);
	const out: string[] = [];
	for (const entry of toList(value)) {
		const normalized = entry.toUpperCase().replace(/[_\s]+/g, ' ');
		if (!allowed.includes(normalized)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`"${label}" has a value Cloudlock does not know: ${entry}`,
				{ itemIndex, description: `Use one of: ${allowed.join(', ')}.` },
			);
		}
		if (!out.includes(normalized)) out.push(normalized);
	}
	return out;
}

/** Removes undefined and empty-string entries so they are not sent as query parameters. */
export function compact(obj: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(obj)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value) && value.length === 0) continue;
		out[key] = value;
	}
	return out;
}
