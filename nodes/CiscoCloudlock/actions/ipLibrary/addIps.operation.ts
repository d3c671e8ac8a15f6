import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { runPool } from '../../helpers/concurrency';
import type { PoolControl, PoolOutcome } from '../../helpers/concurrency';
import { optionsCollection } from '../../helpers/descriptions';
import { ipKey, parseIp } from '../../helpers/ip';
import { compact, readConcurrency, toList } from '../../helpers/params';
import { formatCloudlockTime, userDateToInstant } from '../../helpers/time';
import { apiList, apiRequest, extractItems } from '../../transport';
import {
	addressItem,
	collectRequests,
	errorMessage,
	findEntry,
	indexByAddress,
	ipsField,
	LIBRARY_LABEL,
	readLibraries,
	withNote,
} from './common';
import type { AddressInput, ItemRequest, Library, LibraryIndex } from './common';

const properties: INodeProperties[] = [
	ipsField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
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
				description: 'Categories for the new entries, separated by commas',
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'Internal short description of the new entries',
			},
			{
				displayName: 'Expires On',
				name: 'expiresOn',
				type: 'dateTime',
				default: '',
				description:
					'When the new entries leave the library. Cloudlock supports this for the Suspicious library only.',
				displayOptions: { show: { '/library': ['suspicious'] } },
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Name of the new entries, e.g. the source of the indicator',
			},
		],
	},
	optionsCollection({
		displayName: 'Allow Broad Ranges',
		name: 'allowBroadRanges',
		type: 'boolean',
		default: false,
		description:
			'Whether to accept ranges wider than /8 (IPv4) or /32 (IPv6). Such a range covers a large part of the internet: in the Trusted library it would make Cloudlock trust logins from almost anywhere.',
	}),
];

/** Narrowest prefix that still counts as broad, per IP version. */
const BROAD_BELOW: Record<4 | 6, number> = { 4: 8, 6: 32 };

/**
 * Refuses ranges that would cover a large part of the internet (typically `0.0.0.0/0` pasted
 * by mistake) unless the item opted in. Runs before anything is read or written.
 */
function refuseBroadRanges(
	ctx: IExecuteFunctions,
	requests: Array<ItemRequest<AddFields>>,
	failures: Map<number, Error>,
): Array<ItemRequest<AddFields>> {
	const offending: Array<{ itemIndex: number; values: string[] }> = [];
	for (const request of requests) {
		const options = ctx.getNodeParameter('options', request.itemIndex, {}) as IDataObject;
		if (options.allowBroadRanges === true) continue;
		const values = request.addresses
			.filter((address) => {
				const parsed = parseIp(address.ip);
				return parsed?.prefix !== undefined && parsed.prefix < BROAD_BELOW[parsed.version];
			})
			.map((address) => address.input ?? address.ip);
		if (values.length) offending.push({ itemIndex: request.itemIndex, values });
	}
	if (offending.length === 0) return requests;
	const errorFor = (list: typeof offending, tail: string) =>
		new NodeOperationError(
			ctx.getNode(),
			`Refusing very broad IP ranges: ${list
				.flatMap((o) => o.values.map((v) => `"${v}" (item ${o.itemIndex})`))
				.join(', ')}`,
			{
				itemIndex: list[0].itemIndex,
				description: `Ranges wider than /8 (IPv4) or /32 (IPv6) cover a large part of the internet. If you really mean it, turn on Options → Allow Broad Ranges. ${tail}`,
			},
		);
	if (!ctx.continueOnFail()) throw errorFor(offending, 'Nothing was sent to Cloudlock.');
	for (const entry of offending) {
		failures.set(entry.itemIndex, errorFor([entry], 'This item was skipped.'));
	}
	const refused = new Set(offending.map((o) => o.itemIndex));
	return requests.filter((request) => !refused.has(request.itemIndex));
}

export const description = updateDisplayOptions(
	{ show: { resource: ['ipLibrary'], operation: ['addIps'] } },
	properties,
);

interface AddFields {
	name?: string;
	description?: string;
	categories: string[];
	expiresOn?: string;
}

function readAddFields(ctx: IExecuteFunctions, itemIndex: number, library: Library): AddFields {
	const fields = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const out: AddFields = {
		name: fields.name === undefined ? undefined : String(fields.name),
		description: fields.description === undefined ? undefined : String(fields.description),
		categories: toList(fields.categories),
	};
	const expires = fields.expiresOn;
	if (expires !== undefined && expires !== null && expires !== '') {
		if (library !== 'suspicious') {
			throw new NodeOperationError(
				ctx.getNode(),
				'"Expires On" applies to the Suspicious library only',
				{
					itemIndex,
					description:
						'Cloudlock entries in the Trusted library do not expire. Remove "Expires On" or choose the Suspicious library.',
				},
			);
		}
		const instant = userDateToInstant(expires, ctx.getTimezone());
		if (instant === undefined) {
			throw new NodeOperationError(
				ctx.getNode(),
				`"Expires On" is not a date: ${String(expires)}`,
				{
					itemIndex,
					description: 'Use an ISO date such as 2026-12-31 or 2026-12-31T08:00:00Z.',
				},
			);
		}
		out.expiresOn = `${formatCloudlockTime(instant)}+00:00`;
	}
	return out;
}

interface WriteTask {
	library: Library;
	address: AddressInput;
	itemIndex: number;
	fields: AddFields;
}

interface WriteResult {
	/** `sent`: the POST succeeded; whether the entry really exists is checked after all writes. */
	status: 'added' | 'alreadyPresent' | 'sent';
	entry: IDataObject;
}

/** Cloudlock (or a proxy) refusing an address because an entry for it already exists. */
function isDuplicateRejection(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	if (error.httpCode === '409') return true;
	return error.httpCode === '400' && /already exist|duplicate/i.test(error.message);
}

/** The created entry, when the response carries one for this address. */
function entryFromResponse(body: unknown, ip: string): IDataObject | undefined {
	const candidates =
		extractItems(body) ?? (body && typeof body === 'object' ? [body as IDataObject] : []);
	return candidates.find(
		(c) => c && c.pk !== undefined && c.pk !== null && ipKey(c.ip_address) === ipKey(ip),
	);
}

function failure(
	ctx: IExecuteFunctions,
	task: WriteTask,
	error: unknown,
	what = `Could not add "${task.address.ip}" to the ${LIBRARY_LABEL[task.library]} library`,
): NodeApiError | NodeOperationError {
	const message = `${what}: ${errorMessage(error)}`;
	const description = (error as { description?: string }).description ?? undefined;
	if (error instanceof NodeApiError) {
		return new NodeApiError(
			ctx.getNode(),
			{ message, httpCode: error.httpCode },
			{ message, description, httpCode: error.httpCode ?? undefined, itemIndex: task.itemIndex },
		);
	}
	return new NodeOperationError(ctx.getNode(), message, {
		itemIndex: task.itemIndex,
		description,
	});
}

/**
 * One POST per address (the API documents no batch create; POST is never retried except on 429,
 * so nothing is created twice). A 200 alone does not prove the entry exists: confirmAdded()
 * checks every sent address afterwards.
 */
async function writeOne(
	ctx: IExecuteFunctions,
	task: WriteTask,
	control: PoolControl,
): Promise<WriteResult> {
	const { library, address, itemIndex, fields } = task;
	let response: unknown;
	try {
		response = await apiRequest.call(ctx, {
			method: 'POST',
			path: `/ip/${library}`,
			body: compact({
				ip_address: address.ip,
				name: fields.name,
				description: fields.description,
				categories: fields.categories,
				expires_on: fields.expiresOn,
			}),
			itemIndex,
			onRateLimit: control.onRateLimit,
		});
	} catch (error) {
		if (!isDuplicateRejection(error)) throw failure(ctx, task, error);
		const existing = await findEntry(ctx, library, address.ip, {
			itemIndex,
			onRateLimit: control.onRateLimit,
		}).catch((lookupError) => {
			throw failure(ctx, task, lookupError);
		});
		if (existing) return { status: 'alreadyPresent', entry: existing };
		throw failure(ctx, task, error);
	}
	return { status: 'sent', entry: entryFromResponse(response, address.ip) ?? {} };
}

function notThereAfterwards(ctx: IExecuteFunctions, task: WriteTask): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Cloudlock accepted "${task.address.ip}" but it is not in the ${LIBRARY_LABEL[task.library]} library afterwards`,
		{
			itemIndex: task.itemIndex,
			description:
				'The add request succeeded, yet the library holds no entry for this address. Check the library in Cloudlock; running the node again retries the address.',
		},
	);
}

/**
 * Turns every `sent` outcome into `added` (with the stored entry and its `pk`) or an error.
 * Per library it takes the cheaper check: one search per address, or one fresh read of the
 * whole library when that needs fewer requests.
 */
async function confirmAdded(
	ctx: IExecuteFunctions,
	tasks: WriteTask[],
	outcomes: Array<PoolOutcome<WriteResult>>,
	librarySizes: Map<Library, number>,
	concurrency: number,
): Promise<void> {
	const pending = new Map<Library, number[]>();
	outcomes.forEach((outcome, index) => {
		if (outcome.status !== 'fulfilled' || outcome.value.status !== 'sent') return;
		const library = tasks[index].library;
		pending.set(library, [...(pending.get(library) ?? []), index]);
	});
	for (const [library, indexes] of pending) {
		const pages = Math.ceil(((librarySizes.get(library) ?? 0) + indexes.length + 1) / 100);
		const checkFailed = (index: number, error: unknown) => {
			outcomes[index] = {
				status: 'rejected',
				reason: failure(
					ctx,
					tasks[index],
					error,
					`Cloudlock accepted "${tasks[index].address.ip}" but checking that it is in the ${LIBRARY_LABEL[library]} library failed`,
				),
			};
		};
		const settle = (index: number, entry: IDataObject | undefined) => {
			outcomes[index] = entry
				? { status: 'fulfilled', value: { status: 'added', entry } }
				: { status: 'rejected', reason: notThereAfterwards(ctx, tasks[index]) };
		};
		if (pages <= indexes.length) {
			let index: LibraryIndex;
			try {
				index = indexByAddress(await apiList.call(ctx, `/ip/${library}`, {}, { concurrency }));
			} catch (error) {
				for (const i of indexes) checkFailed(i, error);
				continue;
			}
			for (const i of indexes) {
				const sentPk = (outcomes[i] as { value: WriteResult }).value.entry.pk;
				const matches = index.get(ipKey(tasks[i].address.ip)) ?? [];
				settle(i, matches.find((e) => sentPk !== undefined && e.pk === sentPk) ?? matches[0]);
			}
			continue;
		}
		await runPool(indexes, concurrency, async (i, _n, control) => {
			const sentPk = (outcomes[i] as { value: WriteResult }).value.entry.pk;
			try {
				const entry = await findEntry(ctx, library, tasks[i].address.ip, {
					pk: sentPk,
					itemIndex: tasks[i].itemIndex,
					onRateLimit: control.onRateLimit,
				});
				settle(i, entry);
			} catch (error) {
				checkFailed(i, error);
			}
		});
	}
}

type Slot =
	| { kind: 'present'; address: AddressInput; library: Library; entry: IDataObject }
	| { kind: 'write'; address: AddressInput; library: Library; task: number }
	| { kind: 'repeat'; address: AddressInput; library: Library; task: number; of: number };

export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const collected = collectRequests(this, items, (i, library) => readAddFields(this, i, library));
	const failures = collected.failures;
	const requests = refuseBroadRanges(this, collected.requests, failures);
	const concurrency = requests.length ? readConcurrency(this, requests[0].itemIndex) : 1;
	const libraries = await readLibraries(this, requests, concurrency);

	// Plan: skip what the library already holds, write each new address once (first item wins).
	const tasks: WriteTask[] = [];
	const claimed = new Map<string, number>();
	const slots = new Map<number, Slot[]>();
	for (const request of requests) {
		const index = libraries.get(request.library);
		if (index instanceof Error) {
			failures.set(request.itemIndex, index);
			continue;
		}
		const mine: Slot[] = [];
		for (const address of request.addresses) {
			const library = request.library;
			const present = index?.get(ipKey(address.ip));
			const key = `${library}|${ipKey(address.ip)}`;
			const earlier = claimed.get(key);
			if (present?.length) {
				mine.push({ kind: 'present', address, library, entry: present[0] });
			} else if (earlier !== undefined) {
				mine.push({
					kind: 'repeat',
					address,
					library,
					task: earlier,
					of: tasks[earlier].itemIndex,
				});
			} else {
				claimed.set(key, tasks.length);
				mine.push({ kind: 'write', address, library, task: tasks.length });
				tasks.push({ library, address, itemIndex: request.itemIndex, fields: request.fields });
			}
		}
		slots.set(request.itemIndex, mine);
	}

	const outcomes: Array<PoolOutcome<WriteResult>> = await runPool(
		tasks,
		concurrency,
		async (task, _i, control) => await writeOne(this, task, control),
		{ stopOnError: !continueOnFail },
	);
	const librarySizes = new Map<Library, number>();
	for (const [library, index] of libraries) {
		if (index instanceof Error) continue;
		let size = 0;
		for (const entries of index.values()) size += entries.length;
		librarySizes.set(library, size);
	}
	await confirmAdded(this, tasks, outcomes, librarySizes, concurrency);

	if (!continueOnFail) {
		const failed = outcomes.find((o) => o.status === 'rejected');
		if (failed && failed.status === 'rejected') {
			const added = outcomes.filter(
				(o) => o.status === 'fulfilled' && o.value.status === 'added',
			).length;
			throw withNote(
				failed.reason as Error,
				`${added} new address${added === 1 ? ' was' : 'es were'} added before the node stopped; running it again skips addresses already in the library.`,
			);
		}
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const failed = failures.get(itemIndex);
		if (failed) {
			output.push({ json: { error: errorMessage(failed) }, pairedItem: { item: itemIndex } });
			continue;
		}
		for (const slot of slots.get(itemIndex) ?? []) {
			const base = { library: slot.library };
			if (slot.kind === 'present') {
				output.push(
					addressItem(slot.address, itemIndex, {
						status: 'alreadyPresent',
						pk: slot.entry.pk ?? null,
						...base,
						entry: slot.entry,
					}),
				);
				continue;
			}
			const outcome = outcomes[slot.task];
			const repeat = slot.kind === 'repeat' ? { duplicateOfItem: slot.of } : {};
			if (outcome.status === 'fulfilled') {
				const { entry } = outcome.value;
				const status = slot.kind === 'repeat' ? 'alreadyPresent' : outcome.value.status;
				output.push(
					addressItem(slot.address, itemIndex, {
						status,
						pk: entry.pk ?? null,
						...base,
						...repeat,
						entry,
					}),
				);
			} else {
				const error =
					outcome.status === 'rejected' ? errorMessage(outcome.reason) : 'Not attempted';
				output.push(
					addressItem(slot.address, itemIndex, { status: 'error', ...base, ...repeat, error }),
				);
			}
		}
	}
	return output;
}
