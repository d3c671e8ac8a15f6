import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { formatCloudlockTime } from '../CiscoCloudlock/helpers/time';
import { fetchPage } from '../CiscoCloudlock/transport';
import type { TriggerConfig } from './config';
import { matchesLocally, readConfig, toOutput } from './config';
import type { Resume, TriggerState } from './state';
import { cursorHorizon, readState, settleWindow, toMicros, writeState } from './state';
import type { Candidate } from './walk';
import { compareCandidates, PollClock, walkIncidents } from './walk';

/** Pages "Fetch Test Event" reads looking for an incident that passes several-valued filters. */
const TEST_EVENT_PAGES = 5;

/** Polls of one trigger node running right now in this process (overlapping ticks, stale pollers). */
const running = new Set<string>();

function budgetOf(ctx: IPollFunctions): number | undefined {
	// getPollBudgetMs arrived in n8n 2.38; older hosts have no budget.
	return typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : undefined;
}

/** "Fetch Test Event": the newest matching incident, without reading or writing stored state. */
async function fetchTestEvent(
	ctx: IPollFunctions,
	config: TriggerConfig,
): Promise<INodeExecutionData[][]> {
	const filtersLocally = Boolean(config.severities || config.statuses);
	const limit = filtersLocally ? 100 : 1;
	const qs = { ...config.serverFilters, order: `-${config.field}`, count_total: 'false' };
	for (let page = 0; page < (filtersLocally ? TEST_EVENT_PAGES : 1); page++) {
		const { items } = await fetchPage.call(ctx, '/incidents', qs, page * limit, limit);
		const newestFirst = items
			.filter((incident) => matchesLocally(config, incident))
			.map((incident) => ({
				incident,
				at: toMicros(incident[config.field]) ?? 0,
				id: String(incident.id ?? ''),
			}))
			.sort((a, b) => compareCandidates(b, a));
		if (newestFirst.length) return [[toOutput(config, newestFirst[0].incident)]];
		if (items.length < limit) break;
	}
	throw new NodeOperationError(ctx.getNode(), 'No incident in Cloudlock matches the filters', {
		description: filtersLocally
			? `Fetch Test Event looked at the newest ${TEST_EVENT_PAGES * limit} incidents. Loosen the filters or wait for a matching incident.`
			: 'Loosen the filters or wait for a matching incident.',
	});
}

/**
 * A state for the first activation (or after the event was changed) and where its first walk
 * starts. "Start from now" remembers what Cloudlock already holds in the late-arrival window
 * below its newest incident without emitting it; "replay" walks the last N hours and emits them.
 */
async function firstActivation(
	ctx: IPollFunctions,
	config: TriggerConfig,
	clock: PollClock,
): Promise<{ state: TriggerState; start?: Resume }> {
	const state: TriggerState = { event: config.event, floor: 0, seen: new Map() };
	if (config.firstActivation === 'replay') {
		state.floor = Math.max(0, Math.round((Date.now() - config.replayHours * 3_600_000) * 1000));
		return { state, start: { after: state.floor, position: state.floor, offset: 0, marks: [] } };
	}
	const newestAt = async (bound: IDataObject = {}) => {
		const probe = await clock.time(
			async () =>
				await fetchPage.call(
					ctx,
					'/incidents',
					{ order: `-${config.field}`, count_total: 'false', ...bound },
					0,
					1,
				),
		);
		return probe.items
			.map((incident) => toMicros(incident[config.field]))
			.filter((at): at is number => at !== undefined)
			.reduce<number | undefined>(
				(max, at) => (max === undefined || at > max ? at : max),
				undefined,
			);
	};
	const newest = await newestAt();
	// An empty tenant: nothing is old, so every incident that appears later is new.
	if (newest === undefined) return { state };
	state.cursor = newest;
	const horizon = cursorHorizon();
	if (newest > horizon) {
		// A far-future timestamp is not where "now" is: start below it, from the newest incident
		// stamped before the horizon (or this host's clock), still keeping all of it quiet.
		const before = `${config.field.replace('_at', '')}_before`;
		const real = await newestAt({ [before]: formatCloudlockTime(Math.floor(horizon / 1000)) });
		state.cursor = real !== undefined && real <= horizon ? real : Date.now() * 1000;
	}
	state.floor = Math.max(0, state.cursor - config.lookbackMicros);
	return {
		state,
		start: { after: state.floor, position: state.floor, offset: 0, marks: [], quietUntil: newest },
	};
}

async function pollOnce(
	ctx: IPollFunctions,
	config: TriggerConfig,
	stored: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const clock = new PollClock(budgetOf(ctx));
	let state = readState(stored, config.event);
	let start: Resume | undefined;
	if (state) {
		settleWindow(state, config.lookbackMicros);
		start = state.resume ?? {
			after: state.floor,
			position: state.floor,
			offset: 0,
			marks: [],
		};
	} else {
		({ state, start } = await firstActivation(ctx, config, clock));
	}

	let emit: Candidate[] = [];
	if (start) {
		const walk = await walkIncidents(ctx, config, state, start, clock);
		for (const found of walk.accepted) {
			const ids = state.seen.get(found.at) ?? new Set<string>();
			ids.add(found.id);
			state.seen.set(found.at, ids);
		}
		const quietUntil = start.quietUntil;
		emit = walk.accepted.filter((found) => quietUntil === undefined || found.at > quietUntil);
		state.resume = walk.resume;
	}
	settleWindow(state, config.lookbackMicros);
	// Only now, with every page read, does the stored state change.
	writeState(stored, state);
	if (!emit.length) return null;
	return [emit.sort(compareCandidates).map((found) => toOutput(config, found.incident))];
}

export async function pollIncidents(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const config = readConfig(this);
	if (this.getMode() === 'manual') return await fetchTestEvent(this, config);

	const key = `${this.getWorkflow().id ?? ''}:${this.getNode().id ?? this.getNode().name}`;
	// A second poll of the same node while one runs would read the same state and emit the same
	// incidents again; it skips this tick instead (the running poll covers it).
	if (running.has(key)) return null;
	running.add(key);
	try {
		return await pollOnce(this, config, this.getWorkflowStaticData('node'));
	} finally {
		running.delete(key);
	}
}
