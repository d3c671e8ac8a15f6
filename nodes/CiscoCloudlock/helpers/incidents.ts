import type { IDataObject } from 'n8n-workflow';

import { apiList } from '../transport';
import type { CloudlockContext } from '../transport';
import { cloudlockTimeKey } from './time';

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
}

function compareIncidents(order: IncidentOrder) {
	const field = order.replace('-', '');
	const sign = order.startsWith('-') ? -1 : 1;
	return (a: IDataObject, b: IDataObject) => {
		const ka = cloudlockTimeKey(a[field]);
		const kb = cloudlockTimeKey(b[field]);
		if (ka !== kb) return ka < kb ? -sign : sign;
		return (Number(a.id) - Number(b.id)) * sign;
	};
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
	const severities = query.severities.length ? query.severities : [undefined];
	const statuses = query.statuses.length ? query.statuses : [undefined];
	const combos: IDataObject[] = [];
	for (const severity of severities) {
		for (const status of statuses) {
			const qs: IDataObject = { ...query.qs, order: query.order, count_total: 'false' };
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
