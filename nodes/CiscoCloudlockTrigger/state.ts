import type { IDataObject } from 'n8n-workflow';

import { cloudlockTimeKey } from '../CiscoCloudlock/helpers/time';

/**
 * What the trigger keeps in the node's static data between polls, and the pure functions that
 * move it forward. Instants are integer microseconds since the epoch inside the code (exact in a
 * JS number until the year 2255) and `YYYY-MM-DDTHH:MM:SS.ffffffZ` strings in storage, so the
 * stored state stays readable and compares exactly as Cloudlock's microsecond timestamps do.
 */

export type TriggerEvent = 'newIncident' | 'incidentUpdated';

export const STATE_VERSION = 1;

/** Tunables; tests lower them, nothing else should change them at run time. */
export const triggerSettings = {
	/** Most incident keys remembered for de-duplication (see the README, "How the trigger decides what is new"). */
	seenCap: 5000,
	/** Pages one poll may read before it stops and leaves the rest to the next poll. */
	maxPagesPerPoll: 200,
	/** Times one poll may restart its walk after the list shifted under it. */
	maxReanchors: 3,
	/** Share of n8n's poll budget the trigger spends before it stops reading. */
	budgetShare: 0.8,
	pageSize: 100,
	/**
	 * An incident stamped further than this ahead of the n8n host's clock is delivered but does not
	 * move the cursor: one bogus far-future timestamp would otherwise lift the window above every
	 * real incident and the trigger would never fire again.
	 */
	futureToleranceMs: 3_600_000,
};

/** The newest timestamp (µs) allowed to move the cursor, by the n8n host's clock. */
export function cursorHorizon(): number {
	return (Date.now() + triggerSettings.futureToleranceMs) * 1000;
}

/** Where an unfinished walk continues: same `after` bound, next offset, and the last keys read. */
export interface Resume {
	after: number;
	offset: number;
	marks: string[];
	/** Newest timestamp of the part already read (a safe restart point if the list shifted). */
	position: number;
	/** Seeding the first activation: incidents up to this instant are remembered, not emitted. */
	quietUntil?: number;
}

export interface TriggerState {
	event: TriggerEvent;
	/** Newest timestamp read so far; undefined while no incident has been seen. */
	cursor?: number;
	/** Lower edge of the de-duplication window: `seen` holds every delivered key at or after it. */
	floor: number;
	/** Timestamp → ids delivered with that timestamp (created_at or updated_at, per event). */
	seen: Map<number, Set<string>>;
	resume?: Resume;
}

/** A Cloudlock timestamp as integer microseconds, whatever its format or zone. */
export function toMicros(value: unknown): number | undefined {
	const key = cloudlockTimeKey(value);
	if (!key || key.startsWith('-')) return undefined;
	const micros = Number(key);
	return Number.isSafeInteger(micros) ? micros : undefined;
}

export function microsToIso(micros: number): string {
	const ms = Math.floor(micros / 1000);
	const fraction = String(micros - Math.floor(micros / 1e6) * 1e6).padStart(6, '0');
	return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}Z`;
}

function isoToMicros(value: unknown): number | undefined {
	return typeof value === 'string' ? toMicros(value) : undefined;
}

export function seenSize(seen: Map<number, Set<string>>): number {
	let size = 0;
	for (const ids of seen.values()) size += ids.size;
	return size;
}

/** The stored state for `event`, or undefined when there is none (or it belongs to another event). */
export function readState(stored: IDataObject, event: TriggerEvent): TriggerState | undefined {
	if (stored.version !== STATE_VERSION || stored.event !== event) return undefined;
	const floor = isoToMicros(stored.floor);
	if (floor === undefined) return undefined;
	const seen = new Map<number, Set<string>>();
	const rawSeen = stored.seen;
	if (rawSeen && typeof rawSeen === 'object' && !Array.isArray(rawSeen)) {
		for (const [iso, ids] of Object.entries(rawSeen as IDataObject)) {
			const at = isoToMicros(iso);
			if (at === undefined || !Array.isArray(ids)) continue;
			seen.set(at, new Set(ids.map(String)));
		}
	}
	const state: TriggerState = { event, floor, seen, cursor: isoToMicros(stored.cursor) };
	const resume = stored.resume as IDataObject | undefined;
	const after = isoToMicros(resume?.after);
	if (resume && after !== undefined && Number.isInteger(resume.offset)) {
		state.resume = {
			after,
			position: isoToMicros(resume.position) ?? after,
			offset: resume.offset as number,
			marks: Array.isArray(resume.marks) ? resume.marks.map(String) : [],
			quietUntil: isoToMicros(resume.quietUntil),
		};
	}
	return state;
}

export function serializeState(state: TriggerState): IDataObject {
	const seen: IDataObject = {};
	for (const at of [...state.seen.keys()].sort((a, b) => a - b)) {
		seen[microsToIso(at)] = [...(state.seen.get(at) as Set<string>)];
	}
	const out: IDataObject = { version: STATE_VERSION, event: state.event };
	if (state.cursor !== undefined) out.cursor = microsToIso(state.cursor);
	out.floor = microsToIso(state.floor);
	out.seen = seen;
	if (state.resume) {
		const { after, position, offset, marks, quietUntil } = state.resume;
		const resume: IDataObject = {
			after: microsToIso(after),
			position: microsToIso(position),
			offset,
			marks,
		};
		if (quietUntil !== undefined) resume.quietUntil = microsToIso(quietUntil);
		out.resume = resume;
	}
	return out;
}

/**
 * Raises the floor to `cursor − lookback`, forgets keys below it, then enforces the cap by
 * dropping whole oldest timestamps (never the newest one) and raising the floor past them, so a
 * forgotten key can never come back as new: it is below the floor and ignored.
 */
export function settleWindow(state: TriggerState, lookbackMicros: number): void {
	if (state.cursor !== undefined) {
		state.floor = Math.max(state.floor, state.cursor - lookbackMicros);
	}
	const times = [...state.seen.keys()].sort((a, b) => a - b);
	for (const at of times) if (at < state.floor) state.seen.delete(at);
	let size = seenSize(state.seen);
	const kept = times.filter((at) => at >= state.floor);
	while (size > triggerSettings.seenCap && kept.length > 1) {
		const oldest = kept.shift() as number;
		size -= (state.seen.get(oldest) as Set<string>).size;
		state.seen.delete(oldest);
		state.floor = Math.max(state.floor, kept[0]);
	}
}

/** Replaces the node's static data in place (n8n watches that very object). */
export function writeState(stored: IDataObject, state: TriggerState): void {
	const next = serializeState(state);
	for (const key of Object.keys(stored)) delete stored[key];
	Object.assign(stored, next);
}
