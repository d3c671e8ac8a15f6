/**
 * Expected values for the incident tests, derived from the simulator's live state with the
 * simulator's own timestamp parser (never with the node's code under test).
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { formatMicro, parseTimestamp } from '../../simulator/server';
import type { Incident, SimOptions } from '../../simulator/server';

export type Order = 'created_at' | '-created_at' | 'updated_at' | '-updated_at';

export const micros = (value: string): number => {
	const parsed = parseTimestamp(value);
	if (parsed === null) throw new Error(`Unparseable timestamp in simulator state: ${value}`);
	return parsed;
};

/** Cloudlock's order: the timestamp, then ascending id for ties (in both directions). */
export function sortIncidents(list: Incident[], order: Order = '-created_at'): Incident[] {
	const field = order.replace('-', '') as 'created_at' | 'updated_at';
	const sign = order.startsWith('-') ? -1 : 1;
	return [...list].sort(
		(a, b) => sign * (micros(a[field]) - micros(b[field])) || Number(a.id) - Number(b.id),
	);
}

/** `*_after` / `*_before` as the simulator applies them (its inclusiveness switches). */
export function timeFilter(
	options: SimOptions,
	field: 'created_at' | 'updated_at',
	bound: string,
	direction: 'after' | 'before',
) {
	const limit = micros(bound);
	return (incident: Incident) => {
		const value = micros(incident[field]);
		if (direction === 'after') return options.afterInclusive ? value >= limit : value > limit;
		return options.beforeInclusive ? value <= limit : value < limit;
	};
}

/** The snapshot bound the node should send: one microsecond after the newest `created_at`. */
export function boundAfter(incidents: Incident[]): string {
	const newest = Math.max(...incidents.map((i) => micros(i.created_at)));
	return formatMicro(newest + 1)
		.replace('T', ' ')
		.replace('+00:00', '');
}

/** The fallback bound for a server comparing coarsely: the next whole second. */
export function secondBoundAfter(incidents: Incident[]): string {
	const newest = Math.max(...incidents.map((i) => micros(i.created_at)));
	const nextSecond = (Math.floor(newest / 1_000_000) + 1) * 1_000_000;
	return formatMicro(nextSecond).slice(0, 19);
}

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const idsOf = (items: INodeExecutionData[]) => items.map((item) => String(item.json.id));

/** The Simplify summary, written out field by field from the raw record. */
export function simplifiedIncident(incident: Incident) {
	return {
		id: incident.id,
		status: incident.incident_status,
		severity: incident.severity,
		policyId: incident.policy.id,
		policyName: incident.policy.name,
		incidentType: incident.incident_type,
		entityId: incident.entity.id,
		entityName: incident.entity.name,
		ownerEmail: incident.entity.owner_email,
		ownerName: incident.entity.owner_name,
		vendor: incident.entity.vendor.name,
		clientIp: incident.entity.ip ?? null,
		matchCount: incident.match_count,
		customerKey: incident.customer_key,
		createdAt: incident.created_at,
		updatedAt: incident.updated_at,
		url: incident.entity.direct_url,
	};
}
