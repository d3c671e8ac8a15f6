import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiRequest } from './request';
import type { CloudlockContext } from './request';
import { transportSettings } from './settings';

/** Cloudlock lists arrive as `{limit, offset, total, results, items}` or, on some endpoints, a bare array. */
export function extractItems(body: unknown): IDataObject[] | undefined {
	if (Array.isArray(body)) return body as IDataObject[];
	if (body && typeof body === 'object' && Array.isArray((body as IDataObject).items)) {
		return (body as IDataObject).items as IDataObject[];
	}
	return undefined;
}

/** The identity Cloudlock gives a record: `id`, IP entries' `pk`, or activities' `event_id`. */
export function recordKey(item: IDataObject): string | undefined {
	const key = item.id ?? item.pk ?? item.event_id;
	return key === undefined || key === null ? undefined : String(key);
}

export interface ListOptions {
	/** Stop after this many records; `undefined` walks every page. */
	limit?: number;
	itemIndex?: number;
	/** Parallel page requests once the first page shows there is more. */
	concurrency?: number;
}

export interface Page {
	items: IDataObject[];
	/** Page size the server says it applied (its envelope's `limit`), when it says. */
	appliedLimit?: number;
	/** The envelope's `total`, when it is a number. Only a hint: Cloudlock may skip counting. */
	total?: number;
}

function shapeError(ctx: CloudlockContext, path: string, itemIndex?: number): NodeApiError {
	return new NodeApiError(
		ctx.getNode(),
		{ message: 'Unexpected response shape', request: `GET ${path}` },
		{
			message: `Cloudlock's answer to GET ${path} is not a list (expected an "items" array)`,
			description:
				'Check the Base URL in the credential: it must be the tenant’s API URL ending in /api/v2.',
			itemIndex,
		},
	);
}

function entryError(
	ctx: CloudlockContext,
	path: string,
	position: number,
	entry: unknown,
	itemIndex?: number,
): NodeApiError {
	const shown = String(JSON.stringify(entry) ?? entry).slice(0, 40);
	return new NodeApiError(
		ctx.getNode(),
		{ message: 'Unexpected list entry', request: `GET ${path}` },
		{
			message: `Cloudlock's answer to GET ${path} holds an entry that is not a record (position ${position}: ${shown})`,
			description:
				'Check the Base URL in the credential: it must be the tenant’s API URL ending in /api/v2.',
			itemIndex,
		},
	);
}

/** One page of a list endpoint. */
export async function fetchPage(
	this: CloudlockContext,
	path: string,
	qs: IDataObject,
	offset: number,
	limit: number,
	options: { itemIndex?: number; onRateLimit?: () => void } = {},
): Promise<Page> {
	const body = await apiRequest.call(this, {
		method: 'GET',
		path,
		qs: { ...qs, limit, offset },
		itemIndex: options.itemIndex,
		onRateLimit: options.onRateLimit,
	});
	const items = extractItems(body);
	if (!items) throw shapeError(this, path, options.itemIndex);
	// A null or a bare number in the list would crash the de-duplication or become an output item
	// whose json is not an object.
	const odd = items.findIndex((item) => !item || typeof item !== 'object' || Array.isArray(item));
	if (odd !== -1) throw entryError(this, path, odd, items[odd], options.itemIndex);
	const { limit: applied, total } = Array.isArray(body)
		? ({} as IDataObject)
		: (body as IDataObject);
	return {
		items,
		appliedLimit: typeof applied === 'number' && applied > 0 ? applied : undefined,
		total: typeof total === 'number' && total >= 0 ? total : undefined,
	};
}

function offsetIgnoredError(
	ctx: CloudlockContext,
	path: string,
	offset: number,
	itemIndex?: number,
): NodeApiError {
	return new NodeApiError(
		ctx.getNode(),
		{ message: 'Offset ignored', request: `GET ${path}` },
		{
			message: `Cloudlock returned the same records again for offset ${offset} of ${path}; it seems to ignore the offset parameter, so Return All stopped instead of looping`,
			description:
				'Use Limit (up to 100) instead of Return All for this endpoint, or report this to Cisco support.',
			itemIndex,
		},
	);
}

function pageCapError(
	ctx: CloudlockContext,
	path: string,
	maxPages: number,
	step: number,
	itemIndex?: number,
): NodeApiError {
	return new NodeApiError(
		ctx.getNode(),
		{ message: 'Page cap reached', request: `GET ${path}` },
		{
			message: `Stopped listing ${path} after ${maxPages} pages (${maxPages * step} records) without reaching the end`,
			description:
				'Narrow the filters (for example a created-after date) or use Limit instead of Return All.',
			itemIndex,
		},
	);
}

/**
 * Every record of a list endpoint (or the first `limit`), paging with limit/offset.
 *
 * Why it looks like this: `total` is unreliable (Cloudlock skips counting for speed), so the walk
 * ends on a short or empty page, and N records always take floor(N / page) + 1 requests (fewer
 * when `limit` is reached first). The first page is fetched alone (most lists fit in one) and
 * tells the page size the server really applies. Pages up to where the first page's `total` says
 * the list ends go out in parallel (fewer after a 429); past that point, or without a total, the
 * walk asks for one page at a time, so a wrong total never costs requests beyond the end. Records
 * that shift between pages are de-duplicated by id; a server that ignores `offset` (a page of
 * nothing but records already seen) and a runaway walk both end in an error instead of a loop.
 */
export async function apiList(
	this: CloudlockContext,
	path: string,
	qs: IDataObject = {},
	options: ListOptions = {},
): Promise<IDataObject[]> {
	const target = options.limit ?? Number.POSITIVE_INFINITY;
	if (target <= 0) return [];
	const { pageSize, maxPages } = transportSettings;
	let concurrency = Math.max(
		1,
		Math.min(
			options.concurrency ?? transportSettings.defaultConcurrency,
			transportSettings.maxConcurrency,
		),
	);
	const onRateLimit = () => {
		concurrency = Math.max(1, Math.floor(concurrency / 2));
	};
	const itemIndex = options.itemIndex;

	const requestedFirst = Math.min(pageSize, target);
	const first = await fetchPage.call(this, path, qs, 0, requestedFirst, { itemIndex, onRateLimit });
	const step =
		first.appliedLimit && first.appliedLimit < requestedFirst ? first.appliedLimit : requestedFirst;
	const pages = new Map<number, IDataObject[]>();
	pages.set(0, first.items.slice(0, requestedFirst));
	const seen = new Set<string>();
	for (const item of pages.get(0)!) {
		const key = recordKey(item);
		if (key !== undefined) seen.add(key);
	}

	// Index of the page the total says is the short (or empty) last one.
	const hintedLastPage = first.total !== undefined ? Math.floor(first.total / step) : 0;
	let endPage = first.items.length < step || step >= target ? 0 : Number.POSITIVE_INFINITY;
	let nextPage = 1;
	let failure: unknown;
	/** Lowest page that held nothing but records already seen: the server ignores `offset`. */
	let repeatedPage: number | undefined;
	const inFlight = new Set<Promise<void>>();

	const launch = (page: number) => {
		const offset = page * step;
		const size = Math.min(step, target - offset);
		const task = fetchPage
			.call(this, path, qs, offset, size, { itemIndex, onRateLimit })
			.then((result) => {
				const items = result.items.slice(0, size);
				const keys = items.map(recordKey).filter((key): key is string => key !== undefined);
				if (items.length > 0 && keys.length === items.length && keys.every((k) => seen.has(k))) {
					repeatedPage = Math.min(repeatedPage ?? page, page);
				}
				for (const key of keys) seen.add(key);
				pages.set(page, items);
				if (result.items.length < size || offset + size >= target) {
					endPage = Math.min(endPage, page);
				}
			})
			.catch((error) => {
				failure = failure ?? error;
			})
			.finally(() => inFlight.delete(task));
		inFlight.add(task);
	};

	const stopped = () => failure !== undefined || repeatedPage !== undefined;
	while (!stopped()) {
		while (
			!stopped() &&
			inFlight.size < concurrency &&
			nextPage <= endPage &&
			nextPage * step < target &&
			(nextPage <= hintedLastPage || inFlight.size === 0)
		) {
			if (nextPage >= maxPages) {
				failure = pageCapError(this, path, maxPages, step, itemIndex);
				break;
			}
			launch(nextPage++);
		}
		if (inFlight.size === 0) break;
		await Promise.race(inFlight);
	}
	await Promise.all(inFlight);
	if (failure !== undefined) throw failure;
	if (repeatedPage !== undefined) {
		throw offsetIgnoredError(this, path, repeatedPage * step, itemIndex);
	}

	const unique = new Set<string>();
	const out: IDataObject[] = [];
	const last = Number.isFinite(endPage) ? endPage : nextPage - 1;
	for (let page = 0; page <= last; page++) {
		for (const item of pages.get(page) ?? []) {
			const key = recordKey(item);
			if (key !== undefined) {
				if (unique.has(key)) continue;
				unique.add(key);
			}
			out.push(item);
			if (out.length >= target) return out;
		}
	}
	return out;
}
