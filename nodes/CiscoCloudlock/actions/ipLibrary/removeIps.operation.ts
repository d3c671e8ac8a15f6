import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { runPool } from '../../helpers/concurrency';
import { optionsCollection } from '../../helpers/descriptions';
import { ipKey } from '../../helpers/ip';
import { readConcurrency } from '../../helpers/params';
import { apiRequest } from '../../transport';
import {
	addressItem,
	collectRequests,
	errorMessage,
	ipsField,
	LIBRARY_LABEL,
	readLibraries,
	withNote,
} from './common';
import type { AddressInput, Library } from './common';

const properties: INodeProperties[] = [ipsField, optionsCollection()];

export const description = updateDisplayOptions(
	{ show: { resource: ['ipLibrary'], operation: ['removeIps'] } },
	properties,
);

/** Entry IDs per DELETE call, keeping the query string well under URL length limits. */
export const DELETE_CHUNK = 100;

interface DeleteChunk {
	library: Library;
	pks: string[];
	itemIndex: number;
}

type Slot =
	| { kind: 'notFound'; address: AddressInput; library: Library; of?: number }
	| { kind: 'remove'; address: AddressInput; library: Library; pks: string[] }
	| { kind: 'error'; address: AddressInput; library: Library; error: string };

export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const { requests, failures } = collectRequests(this, items, () => undefined);
	const concurrency = requests.length ? readConcurrency(this, requests[0].itemIndex) : 1;
	const libraries = await readLibraries(this, requests, concurrency);

	const claimed = new Map<string, number>();
	const pksByLibrary = new Map<Library, { pks: string[]; itemIndex: number }>();
	const slots = new Map<number, Slot[]>();
	for (const request of requests) {
		const index = libraries.get(request.library);
		if (index instanceof Error) {
			failures.set(request.itemIndex, index);
			continue;
		}
		const { library, itemIndex } = request;
		const mine: Slot[] = [];
		for (const address of request.addresses) {
			const key = `${library}|${ipKey(address.ip)}`;
			const earlier = claimed.get(key);
			const entries = index?.get(ipKey(address.ip)) ?? [];
			if (earlier !== undefined) {
				mine.push({ kind: 'notFound', address, library, of: earlier });
				continue;
			}
			claimed.set(key, itemIndex);
			if (!entries.length) {
				mine.push({ kind: 'notFound', address, library });
				continue;
			}
			const pks = entries.map((e) => e.pk).filter((pk) => pk !== undefined && pk !== null);
			if (!pks.length) {
				const error = new NodeOperationError(
					this.getNode(),
					`"${address.ip}" is in the ${LIBRARY_LABEL[library]} library but Cloudlock did not return its entry ID (pk), so it cannot be removed`,
					{ itemIndex },
				);
				if (!continueOnFail) throw error;
				mine.push({ kind: 'error', address, library, error: error.message });
				continue;
			}
			const bucket = pksByLibrary.get(library) ?? { pks: [], itemIndex };
			bucket.pks.push(...pks.map(String));
			pksByLibrary.set(library, bucket);
			mine.push({ kind: 'remove', address, library, pks: pks.map(String) });
		}
		slots.set(itemIndex, mine);
	}

	const chunks: DeleteChunk[] = [];
	for (const [library, { pks, itemIndex }] of pksByLibrary) {
		const unique = [...new Set(pks)];
		for (let i = 0; i < unique.length; i += DELETE_CHUNK) {
			chunks.push({ library, pks: unique.slice(i, i + DELETE_CHUNK), itemIndex });
		}
	}
	const outcomes = await runPool(
		chunks,
		concurrency,
		async (chunk, _i, control) =>
			await apiRequest.call(this, {
				method: 'DELETE',
				path: `/ip/${chunk.library}`,
				qs: { ids: chunk.pks.join(',') },
				itemIndex: chunk.itemIndex,
				onRateLimit: control.onRateLimit,
			}),
		{ stopOnError: !continueOnFail },
	);
	const chunkError = new Map<string, unknown>();
	outcomes.forEach((outcome, i) => {
		const reason =
			outcome.status === 'rejected'
				? outcome.reason
				: outcome.status === 'skipped'
					? new Error('Not attempted')
					: undefined;
		if (reason !== undefined) {
			for (const pk of chunks[i].pks) chunkError.set(`${chunks[i].library}|${pk}`, reason);
		}
	});
	if (!continueOnFail) {
		const failed = outcomes.find((o) => o.status === 'rejected');
		if (failed && failed.status === 'rejected') {
			const done = outcomes.filter((o) => o.status === 'fulfilled').length;
			throw withNote(
				failed.reason as Error,
				`${done} of ${chunks.length} delete request${chunks.length === 1 ? '' : 's'} succeeded before the node stopped; running it again reports the removed addresses as not found.`,
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
			const base: IDataObject = { library: slot.library };
			if (slot.kind === 'notFound') {
				const repeat = slot.of === undefined ? {} : { duplicateOfItem: slot.of };
				output.push(
					addressItem(slot.address, itemIndex, {
						status: 'notFound',
						pk: null,
						...base,
						...repeat,
					}),
				);
				continue;
			}
			if (slot.kind === 'error') {
				output.push(
					addressItem(slot.address, itemIndex, { status: 'error', ...base, error: slot.error }),
				);
				continue;
			}
			const error = slot.pks
				.map((pk) => chunkError.get(`${slot.library}|${pk}`))
				.find((e) => e !== undefined);
			const several = slot.pks.length > 1 ? { pks: slot.pks } : {};
			output.push(
				addressItem(
					slot.address,
					itemIndex,
					error === undefined
						? { status: 'removed', pk: slot.pks[0], ...base, ...several }
						: { status: 'error', pk: slot.pks[0], ...base, ...several, error: errorMessage(error) },
				),
			);
		}
	}
	return output;
}
