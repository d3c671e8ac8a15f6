import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../helpers/errors';
import { ipKey, parseIp, splitIpInput } from '../../helpers/ip';
import { apiList, fetchPage, transportSettings } from '../../transport';

export type Library = 'suspicious' | 'trusted';

export const LIBRARY_LABEL: Record<Library, string> = {
	suspicious: 'Suspicious',
	trusted: 'Trusted',
};

export const libraryField: INodeProperties = {
	displayName: 'Library',
	name: 'library',
	type: 'options',
	required: true,
	default: 'suspicious',
	options: [
		{
			name: 'Suspicious',
			value: 'suspicious',
			description: 'Addresses UEBA policies treat as risky activity locations',
		},
		{
			name: 'Trusted',
			value: 'trusted',
			description: 'Addresses UEBA policies treat as known-good locations, such as offices or VPNs',
		},
	],
	description: 'Which of the tenant’s two IP libraries to use',
};

export const ipsField: INodeProperties = {
	displayName: 'IP Addresses',
	name: 'ips',
	type: 'string',
	typeOptions: { rows: 3 },
	required: true,
	default: '',
	placeholder: '203.0.113.7, 2001:db8::1, 198.51.100.0/24',
	description:
		'IPv4 or IPv6 addresses or CIDR ranges, separated by commas or new lines, or an array from an expression',
};

export function readLibrary(ctx: IExecuteFunctions, itemIndex: number): Library {
	const value = String(ctx.getNodeParameter('library', itemIndex, '') ?? '').trim();
	if (value === 'suspicious' || value === 'trusted') return value;
	throw new NodeOperationError(
		ctx.getNode(),
		`"${value}" is not a Cloudlock IP library (use suspicious or trusted)`,
		{
			itemIndex,
			description: 'Cloudlock has exactly two IP libraries per tenant: Suspicious and Trusted.',
		},
	);
}

export interface AddressInput {
	/** Canonical form: sent to Cloudlock and used for every comparison. */
	ip: string;
	/** The text the user gave, when it differs from `ip`. */
	input?: string;
}

export interface ItemRequest<F> {
	itemIndex: number;
	library: Library;
	addresses: AddressInput[];
	fields: F;
}

export interface CollectedRequests<F> {
	requests: Array<ItemRequest<F>>;
	/** Input items that cannot run, by item index (only filled with Continue On Fail). */
	failures: Map<number, Error>;
}

const MAX_LISTED = 20;

function invalidAddressError(
	ctx: IExecuteFunctions,
	bad: Array<{ value: string; itemIndex: number }>,
	description: string,
): NodeOperationError {
	const listed = bad
		.slice(0, MAX_LISTED)
		.map((b) => `"${b.value}" (item ${b.itemIndex})`)
		.join(', ');
	const more = bad.length > MAX_LISTED ? `, … and ${bad.length - MAX_LISTED} more` : '';
	return new NodeOperationError(ctx.getNode(), `Invalid IP address: ${listed}${more}`, {
		itemIndex: bad[0].itemIndex,
		description,
	});
}

const FORMAT_HINT =
	'Use IPv4 or IPv6 addresses or CIDR ranges (e.g. 203.0.113.7, 2001:db8::1, 198.51.100.0/24), separated by commas or new lines.';

/**
 * Reads and validates the addresses of every input item before anything is sent. Without
 * Continue On Fail any problem throws one error naming every bad value; with it, only the items
 * at fault are set aside.
 */
export function collectRequests<F>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	readFields: (itemIndex: number, library: Library) => F,
): CollectedRequests<F> {
	const requests: Array<ItemRequest<F>> = [];
	const failures = new Map<number, Error>();
	const allBad: Array<{ value: string; itemIndex: number }> = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const library = readLibrary(ctx, itemIndex);
			const bad: string[] = [];
			const seen = new Set<string>();
			const addresses: AddressInput[] = [];
			for (const piece of splitIpInput(ctx.getNodeParameter('ips', itemIndex, ''))) {
				const parsed = parseIp(piece);
				if (!parsed) {
					bad.push(piece);
					continue;
				}
				if (seen.has(parsed.canonical)) continue;
				seen.add(parsed.canonical);
				addresses.push(
					parsed.canonical === piece ? { ip: piece } : { ip: parsed.canonical, input: piece },
				);
			}
			if (bad.length) {
				const mine = bad.map((value) => ({ value, itemIndex }));
				allBad.push(...mine);
				failures.set(
					itemIndex,
					invalidAddressError(ctx, mine, `${FORMAT_HINT} This item was skipped.`),
				);
				continue;
			}
			if (addresses.length === 0) {
				throw new NodeOperationError(ctx.getNode(), `No IP address given (item ${itemIndex})`, {
					itemIndex,
					description: `Enter at least one address in "IP Addresses". ${FORMAT_HINT}`,
				});
			}
			requests.push({ itemIndex, library, addresses, fields: readFields(itemIndex, library) });
		} catch (error) {
			failures.set(itemIndex, asNodeError(ctx, error, itemIndex));
		}
	}

	if (failures.size && !ctx.continueOnFail()) {
		if (allBad.length) {
			throw invalidAddressError(ctx, allBad, `${FORMAT_HINT} Nothing was sent to Cloudlock.`);
		}
		throw failures.values().next().value as Error;
	}
	return { requests, failures };
}

/** Every entry of a library, indexed by the canonical address it holds. */
export type LibraryIndex = Map<string, IDataObject[]>;

export function indexByAddress(entries: IDataObject[]): LibraryIndex {
	const index: LibraryIndex = new Map();
	for (const entry of entries) {
		const key = ipKey(entry.ip_address);
		const list = index.get(key);
		if (list) list.push(entry);
		else index.set(key, [entry]);
	}
	return index;
}

/** Reads each library the requests touch, once, in full. */
export async function readLibraries(
	ctx: IExecuteFunctions,
	requests: Array<ItemRequest<unknown>>,
	concurrency: number,
): Promise<Map<Library, LibraryIndex | Error>> {
	const out = new Map<Library, LibraryIndex | Error>();
	for (const request of requests) {
		if (out.has(request.library)) continue;
		try {
			const entries = await apiList.call(
				ctx,
				`/ip/${request.library}`,
				{},
				{
					concurrency,
					itemIndex: request.itemIndex,
				},
			);
			out.set(request.library, indexByAddress(entries));
		} catch (error) {
			const failure = asNodeError(ctx, error, request.itemIndex);
			if (!ctx.continueOnFail()) throw failure;
			out.set(request.library, failure);
		}
	}
	return out;
}

/**
 * Searches a library for one address (`q` is a substring search, so matches are then compared
 * exactly). Prefers the entry with `pk` when given. Undefined when the address is not there.
 */
export async function findEntry(
	ctx: IExecuteFunctions,
	library: Library,
	ip: string,
	options: { pk?: unknown; itemIndex: number; onRateLimit?: () => void },
): Promise<IDataObject | undefined> {
	const key = ipKey(ip);
	const { pageSize, maxPages } = transportSettings;
	let match: IDataObject | undefined;
	let offset = 0;
	const seen = new Set<unknown>();
	for (let page = 0; page < maxPages; page++) {
		const { items, appliedLimit } = await fetchPage.call(
			ctx,
			`/ip/${library}`,
			{ q: ip },
			offset,
			pageSize,
			{ itemIndex: options.itemIndex, onRateLimit: options.onRateLimit },
		);
		let fresh = 0;
		for (const entry of items) {
			if (!seen.has(entry.pk)) fresh++;
			seen.add(entry.pk);
			if (ipKey(entry.ip_address) !== key) continue;
			if (options.pk === undefined || entry.pk === options.pk) return entry;
			match = match ?? entry;
		}
		const step = appliedLimit && appliedLimit < pageSize ? appliedLimit : pageSize;
		// A short page ends the list; a page of nothing new means the server ignores `offset`.
		if (items.length < step || fresh === 0) break;
		offset += step;
	}
	return match;
}

/** The output item for one address, with its pairing and the user's spelling when it differed. */
export function addressItem(
	address: AddressInput,
	itemIndex: number,
	json: IDataObject,
): INodeExecutionData {
	const out: IDataObject = { ip: address.ip };
	if (address.input !== undefined) out.input = address.input;
	return { json: { ...out, ...json }, pairedItem: { item: itemIndex } };
}

export { errorMessage } from '../../helpers/errors';

/** Appends a sentence to an error's description (errors from the transport already have one). */
export function withNote<E extends Error>(error: E, note: string): E {
	const target = error as E & { description?: string | null };
	target.description = target.description ? `${target.description} ${note}` : note;
	return error;
}
