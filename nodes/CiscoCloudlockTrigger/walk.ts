import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { fetchPage } from '../CiscoCloudlock/transport';
import type { TriggerConfig } from './config';
import { matchesLocally, walkQuery } from './config';
import type { Resume, TriggerState } from './state';
import { cursorHorizon, toMicros, triggerSettings } from './state';

export interface Candidate {
	incident: IDataObject;
	at: number;
	id: string;
}

/** Decides, before each further page, whether the poll may still spend the time. */
export class PollClock {
	private readonly deadline?: number;

	private slowest = 0;

	constructor(budgetMs?: number) {
		if (budgetMs !== undefined && Number.isFinite(budgetMs) && budgetMs > 0) {
			this.deadline = Date.now() + budgetMs * triggerSettings.budgetShare;
		}
	}

	async time<T>(request: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await request();
		} finally {
			this.slowest = Math.max(this.slowest, Date.now() - started);
		}
	}

	allowsAnotherPage(): boolean {
		return this.deadline === undefined || Date.now() + this.slowest <= this.deadline;
	}
}

const compareIds = (a: string, b: string) => {
	const na = Number(a);
	const nb = Number(b);
	if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
	return a < b ? -1 : a > b ? 1 : 0;
};

export const compareCandidates = (a: Candidate, b: Candidate) =>
	a.at - b.at || compareIds(a.id, b.id);

/** The de-duplication key: the id for new incidents, id + updated_at for changes. */
export function dedupeKey(config: TriggerConfig, id: string, at: number): string {
	return config.event === 'newIncident' ? id : `${id}@${at}`;
}

export function seenKeys(config: TriggerConfig, state: TriggerState): Set<string> {
	const keys = new Set<string>();
	for (const [at, ids] of state.seen) for (const id of ids) keys.add(dedupeKey(config, id, at));
	return keys;
}

/** Identity of a list position: the same incident at the same timestamp. */
const markOf = (row: { id: string; at?: number }) => `${row.id}@${row.at ?? ''}`;

const KEPT_MARKS = 10;

interface Row {
	incident: IDataObject;
	at?: number;
	id: string;
}

export interface WalkResult {
	/** Incidents met for the first time (matching the filters), in list order. */
	accepted: Candidate[];
	/** Where the next poll continues when this one stopped early; undefined when it reached the end. */
	resume?: Resume;
	requests: number;
}

function offsetIgnored(ctx: IPollFunctions): NodeApiError {
	return new NodeApiError(
		ctx.getNode(),
		{ message: 'Offset ignored', request: 'GET /incidents' },
		{
			message:
				'Cloudlock returned the same incidents again for a later offset of GET /incidents; it seems to ignore the offset parameter, so the trigger stopped instead of looping',
			description: 'Report this to Cisco support; the stored position of the trigger is unchanged.',
		},
	);
}

/**
 * Reads the incident list oldest first from `start`, one page at a time, and returns the
 * incidents not yet delivered. It updates `state.cursor` (the newest timestamp read) and nothing
 * else; the caller stores the result only when the whole poll succeeded.
 *
 * Paging uses offsets under one fixed `*_after` bound, each page overlapping the previous one by
 * one position. A page that shares no incident with the previous one proves the list shifted
 * backwards under the walk (an incident before the position was updated and moved to the end, or
 * left a server-side filter), which would hide incidents; that page is discarded and the walk
 * restarts from the newest timestamp of the part already read. Shifts forwards (late inserts)
 * only repeat incidents, which the keys drop. Nothing here depends on the order inside a page.
 */
export async function walkIncidents(
	ctx: IPollFunctions,
	config: TriggerConfig,
	state: TriggerState,
	start: Resume,
	clock: PollClock,
): Promise<WalkResult> {
	const known = seenKeys(config, state);
	const taken = new Set<string>();
	const accepted: Candidate[] = [];
	const { pageSize, maxPagesPerPoll, maxReanchors } = triggerSettings;
	let { after, offset, position } = start;
	let marks = offset > 0 ? new Set(start.marks) : undefined;
	let lastMarks: string[] = offset > 0 ? start.marks : [];
	let requests = 0;
	let reanchors = 0;

	const horizon = cursorHorizon();
	const absorb = (rows: Row[]) => {
		const usable = rows.filter((row): row is Candidate => row.at !== undefined && row.id !== '');
		usable.sort(compareCandidates);
		for (const row of usable) {
			if (row.at <= horizon) {
				position = Math.max(position, row.at);
				if (state.cursor === undefined || row.at > state.cursor) state.cursor = row.at;
			}
			if (row.at < state.floor) continue;
			const key = dedupeKey(config, row.id, row.at);
			if (known.has(key) || taken.has(key)) continue;
			taken.add(key);
			if (matchesLocally(config, row.incident)) accepted.push(row);
		}
	};
	const stopHere = (): WalkResult => ({
		accepted,
		requests,
		resume: {
			after,
			position,
			offset,
			marks: lastMarks.slice(-KEPT_MARKS),
			quietUntil: start.quietUntil,
		},
	});

	for (;;) {
		if (requests > 0 && (requests >= maxPagesPerPoll || !clock.allowsAnotherPage())) {
			return stopHere();
		}
		const requestOffset = offset > 0 ? offset - 1 : 0;
		const page = await clock.time(
			async () =>
				await fetchPage.call(ctx, '/incidents', walkQuery(config, after), requestOffset, pageSize),
		);
		requests++;
		const rows: Row[] = page.items.map((incident) => ({
			incident,
			at: toMicros(incident[config.field]),
			id: incident.id === undefined || incident.id === null ? '' : String(incident.id),
		}));
		const rowMarks = rows.map(markOf);

		if (marks && requestOffset > 0) {
			const previous = marks;
			// The page at offset−1 must hold an incident already read; an empty one or one without
			// any means incidents before the position left it.
			if (!rowMarks.some((mark) => previous.has(mark))) {
				reanchors++;
				after = Math.max(after, position);
				offset = 0;
				marks = undefined;
				lastMarks = [];
				if (reanchors > maxReanchors) return stopHere();
				continue;
			}
			if (rows.length > 1 && rowMarks.every((mark) => previous.has(mark))) throw offsetIgnored(ctx);
		}

		absorb(rows);
		offset = requestOffset + rows.length;
		marks = new Set(rowMarks);
		lastMarks = rowMarks;
		const expected = Math.min(pageSize, page.appliedLimit ?? pageSize);
		if (rows.length < expected) return { accepted, requests };
	}
}
