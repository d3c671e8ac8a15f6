import type { IDataObject } from 'n8n-workflow';

import { apiList, fetchPage, transportSettings } from '../transport';
import type { CloudlockContext } from '../transport';
import { cloudlockTimeKey, formatCloudlockTime, parseCloudlockTime } from './time';

export type IncidentOrder = 'created_at' | '-created_at' | 'updated_at' | '-updated_at';

export interface IncidentQuery {
	/** Single-valued query parameters (policy_id, vendor, created_after, …). */
	qs: IDataObject;
	severities: string[];
	statuses: string[];
	order: IncidentOrder;
	limit?: number;
	itemIndex?: number;
	concurrency?: number;
	/**
	 * Return what existed when the listing started: incidents created while a long Return All
	 * pages are left out instead of shifting records across page boundaries.
	 */
	snapshot?: boolean;
}

/** By the chosen timestamp, ties by ascending id either way (Cloudlock's tie order is undocumented; this is the simulator's). */
function compareIncidents(order: IncidentOrder) {
	const field = order.replace('-', '');
	const sign = order.startsWith('-') ? -1 : 1;
	return (a: IDataObject, b: IDataObject) => {
		const ka = cloudlockTimeKey(a[field]);
		const kb = cloudlockTimeKey(b[field]);
		if (ka !== kb) return ka < kb ? -sign : sign;
		const ia = Number(a.id);
		const ib = Number(b.id);
		if (Number.isFinite(ia) && Number.isFinite(ib)) return ia - ib;
		return String(a.id).localeCompare(String(b.id));
	};
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** One microsecond after a timestamp, naive UTC `YYYY-MM-DD HH:MM:SS.ffffff` as Cisco's scripts send. */
function microAfter(value: unknown): string | undefined {
	const key = cloudlockTimeKey(value);
	if (key === '') return undefined;
	const micros = Number(key.slice(0, 15)) * 1000 + Number(key.slice(15)) + 1;
	const d = new Date(Math.floor(micros / 1000));
	const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
	const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
	return `${date} ${time}.${pad(micros % 1_000_000, 6)}`;
}

/** The next whole second, `YYYY-MM-DDTHH:MM:SS`: includes the incident at any compare precision. */
function secondAfter(value: unknown): string | undefined {
	const instant = parseCloudlockTime(value);
	return instant === undefined
		? undefined
		: formatCloudlockTime(Math.floor(instant / 1000) * 1000 + 1000);
}

/** The server's newest incident matching the single-valued filters, or null when none does. */
async function newestIncident(
	ctx: CloudlockContext,
	qs: IDataObject,
	itemIndex?: number,
): Promise<IDataObject | null> {
	const probe = await fetchPage.call(
		ctx,
		'/incidents',
		{ ...qs, order: '-created_at', count_total: 'false' },
		0,
		1,
		{ itemIndex },
	);
	return probe.items[0] ?? null;
}

/**
 * Lists incidents for any mix of severities and statuses. Cloudlock documents one value per
 * filter, so several values become one query per combination, merged in the chosen order; the
 * result is the same whether or not the server would have understood a comma list.
 */
export async function listIncidents(
	this: CloudlockContext,
	query: IncidentQuery,
): Promise<IDataObject[]> {
	// A single page cannot be displaced, so only a walk over several pages needs a snapshot.
	const severalPages = query.limit === undefined || query.limit > transportSettings.pageSize;
	if (!query.snapshot || !severalPages) return await walkIncidents.call(this, query, query.qs);

	// Freeze the listing just after the server's own newest incident (the n8n host's clock may
	// differ from Cloudlock's). A microsecond bound leaves out incidents created a moment later;
	// a server comparing more coarsely would then also drop that newest incident, which the
	// check below notices, and the walk is redone with a whole-second bound.
	const newest = await newestIncident(this, query.qs, query.itemIndex);
	if (newest === null) return [];
	const asked = cloudlockTimeKey(query.qs.created_before);
	const fine = microAfter(newest.created_at);
	if (fine === undefined || (asked !== '' && asked <= cloudlockTimeKey(fine))) {
		return await walkIncidents.call(this, query, query.qs);
	}
	const result = await walkIncidents.call(this, query, { ...query.qs, created_before: fine });
	const mustContain =
		(query.severities.length === 0 || query.severities.includes(String(newest.severity))) &&
		(query.statuses.length === 0 || query.statuses.includes(String(newest.incident_status))) &&
		(query.limit === undefined || query.order === '-created_at');
	if (!mustContain || result.some((incident) => String(incident.id) === String(newest.id))) {
		return result;
	}
	return await walkIncidents.call(this, query, {
		...query.qs,
		created_before: secondAfter(newest.created_at),
	});
}

async function walkIncidents(
	this: CloudlockContext,
	query: IncidentQuery,
	common: IDataObject,
): Promise<IDataObject[]> {
	const severities = query.severities.length ? query.severities : [undefined];
	const statuses = query.statuses.length ? query.statuses : [undefined];
	const combos: IDataObject[] = [];
	for (const severity of severities) {
		for (const status of statuses) {
			const qs: IDataObject = { ...common, order: query.order, count_total: 'false' };
			if (severity) qs.severity = severity;
			if (status) qs.incident_status = status;
			combos.push(qs);
		}
	}
	const options = {
		limit: query.limit,
		itemIndex: query.itemIndex,
		concurrency: query.concurrency,
	};
	if (combos.length === 1) return await apiList.call(this, '/incidents', combos[0], options);

	const lists: IDataObject[][] = [];
	for (const qs of combos) lists.push(await apiList.call(this, '/incidents', qs, options));
	const seen = new Set<string>();
	const merged = lists
		.flat()
		.filter((incident) => {
			const key = String(incident.id);
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		})
		.sort(compareIncidents(query.order));
	return query.limit === undefined ? merged : merged.slice(0, query.limit);
}
