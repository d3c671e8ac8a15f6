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
	const applied = (body as IDataObject)?.limit;
	return {
		items,
		appliedLimit: typeof applied === 'number' && applied > 0 ? applied : undefined,
	};
}

/**
 * Every record of a list endpoint (or the first `limit`), paging with limit/offset.
 *
 * Why it looks like this: `total` is unreliable (Cloudlock skips counting for speed), so the walk
 * ends on a short or empty page; the first page is fetched alone (most lists fit in one) and tells
 * the page size the server really applies; later pages go out in parallel, fewer after a 429;
 * records that shift between pages are de-duplicated by id; a server that ignores `offset` and a
 * runaway walk both end in an error instead of a loop.
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

	const first = await fetchPage.call(this, path, qs, 0, Math.min(pageSize, target), {
		itemIndex,
		onRateLimit,
	});
	const requestedFirst = Math.min(pageSize, target);
	const step =
		first.appliedLimit && first.appliedLimit < requestedFirst ? first.appliedLimit : requestedFirst;
	const pages = new Map<number, { items: IDataObject[]; requested: number }>();
	pages.set(0, { items: first.items.slice(0, requestedFirst), requested: step });

	let endPage = first.items.length < step || step >= target ? 0 : Number.POSITIVE_INFINITY;
	let nextPage = 1;
	let failure: unknown;
	const inFlight = new Set<Promise<void>>();

	const launch = (page: number) => {
		const offset = page * step;
		const size = Math.min(step, target - offset);
		const task = fetchPage
			.call(this, path, qs, offset, size, { itemIndex, onRateLimit })
			.then((result) => {
				pages.set(page, { items: result.items.slice(0, size), requested: size });
				if (result.items.length < size || offset + size >= target)
					endPage = Math.min(endPage, page);
			})
			.catch((error) => {
				failure = failure ?? error;
			})
			.finally(() => inFlight.delete(task));
		inFlight.add(task);
	};

	while (failure === undefined) {
		while (
			failure === undefined &&
			inFlight.size < concurrency &&
			nextPage <= endPage &&
			nextPage * step < target
		) {
			if (nextPage >= maxPages) {
				failure = new NodeApiError(
					this.getNode(),
					{ message: 'Page cap reached', request: `GET ${path}` },
					{
						message: `Stopped listing ${path} after ${maxPages} pages (${maxPages * step} records) without reaching the end`,
						description:
							'Narrow the filters (for example a created-after date) or use Limit instead of Return All.',
						itemIndex,
					},
				);
				break;
			}
			launch(nextPage++);
		}
		if (inFlight.size === 0) break;
		await Promise.race(inFlight);
	}
	await Promise.all(inFlight);
	if (failure !== undefined) throw failure;

	const seen = new Set<string>();
	const out: IDataObject[] = [];
	const last = Number.isFinite(endPage) ? endPage : nextPage - 1;
	for (let page = 0; page <= last; page++) {
		const entry = pages.get(page);
		if (!entry) break;
		let fresh = 0;
		for (const item of entry.items) {
			const key = recordKey(item);
			if (key !== undefined) {
				if (seen.has(key)) continue;
				seen.add(key);
			}
			fresh++;
			out.push(item);
			if (out.length >= target) return out;
		}
		if (page > 0 && fresh === 0 && entry.items.length > 0) {
			throw new NodeApiError(
				this.getNode(),
				{ message: 'Offset ignored', request: `GET ${path}` },
				{
					message: `Cloudlock returned the same records again for offset ${page * step} of ${path}; it seems to ignore the offset parameter, so Return All stopped instead of looping`,
					description:
						'Use Limit (up to 100) instead of Return All for this endpoint, or report this to Cisco support.',
					itemIndex,
				},
			);
		}
	}
	return out;
}
