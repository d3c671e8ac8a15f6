import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { INCIDENT_STATUS_OPTIONS, SEVERITY_OPTIONS } from '../CiscoCloudlock/helpers/descriptions';
import { compact, toEnumList } from '../CiscoCloudlock/helpers/params';
import { simplifyIncident } from '../CiscoCloudlock/helpers/simplify';
import { formatCloudlockTime } from '../CiscoCloudlock/helpers/time';
import type { TriggerEvent } from './state';

export type OrderField = 'created_at' | 'updated_at';

export interface TriggerConfig {
	event: TriggerEvent;
	/** The timestamp the event watches: created_at for new incidents, updated_at for changes. */
	field: OrderField;
	/** Single-valued filters Cloudlock applies itself. */
	serverFilters: IDataObject;
	/** Filters with several values, applied to each incident here so an idle poll stays one request. */
	severities?: Set<string>;
	statuses?: Set<string>;
	simplify: boolean;
	firstActivation: 'now' | 'replay';
	replayHours: number;
	lookbackMicros: number;
}

export const DEFAULT_LOOKBACK_MINUTES = 10;
export const DEFAULT_REPLAY_HOURS = 24;

function nonNegative(ctx: IPollFunctions, value: unknown, fallback: number, label: string): number {
	if (value === undefined || value === null || value === '') return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" must be a number of 0 or more`, {
			description: `Got: ${String(value)}`,
		});
	}
	return n;
}

export function readConfig(ctx: IPollFunctions): TriggerConfig {
	const event = ctx.getNodeParameter('event', 'newIncident') as string;
	if (event !== 'newIncident' && event !== 'incidentUpdated') {
		throw new NodeOperationError(ctx.getNode(), `"Event" has an unknown value: ${event}`, {
			description: 'Use New Incident or New or Updated Incident.',
		});
	}
	const filters = ctx.getNodeParameter('filters', {}) as IDataObject;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const severities = toEnumList(ctx, filters.severity, SEVERITY_OPTIONS, 'Severity');
	const statuses = toEnumList(ctx, filters.status, INCIDENT_STATUS_OPTIONS, 'Status');
	const serverFilters = compact({
		policy_id: filters.policyId as string,
		vendor: filters.vendor as string,
		severity: severities.length === 1 ? severities[0] : undefined,
		incident_status: statuses.length === 1 ? statuses[0] : undefined,
	});
	const lookbackMinutes = nonNegative(
		ctx,
		options.lookbackMinutes,
		DEFAULT_LOOKBACK_MINUTES,
		'Late Arrival Window (Minutes)',
	);
	return {
		event,
		field: event === 'newIncident' ? 'created_at' : 'updated_at',
		serverFilters,
		severities: severities.length > 1 ? new Set(severities) : undefined,
		statuses: statuses.length > 1 ? new Set(statuses) : undefined,
		simplify: options.simplify === true,
		firstActivation: options.firstActivation === 'replay' ? 'replay' : 'now',
		replayHours: nonNegative(ctx, options.replayHours, DEFAULT_REPLAY_HOURS, 'Replay Hours'),
		lookbackMicros: Math.round(lookbackMinutes * 60e6),
	};
}

export function matchesLocally(config: TriggerConfig, incident: IDataObject): boolean {
	if (config.severities && !config.severities.has(String(incident.severity))) return false;
	if (config.statuses && !config.statuses.has(String(incident.incident_status))) return false;
	return true;
}

/**
 * The `created_after` / `updated_after` value for a lower edge: that minute, minus one second, in
 * UTC. Whether Cloudlock's `*_after` is inclusive and at which precision it compares are not
 * documented; a bound one second before a whole minute keeps every incident at or after `micros`
 * in the answer whether the server compares with `>` or `>=` at micro-, milli-second, second or
 * minute precision. The few older incidents it also returns are dropped by the caller.
 */
export function afterBound(micros: number): string {
	const ms = Math.floor(micros / 1000);
	return formatCloudlockTime(ms - (((ms % 60_000) + 60_000) % 60_000) - 1000);
}

/** Query of one walk over the incident list, oldest first. */
export function walkQuery(config: TriggerConfig, afterMicros: number): IDataObject {
	const qs: IDataObject = { ...config.serverFilters, order: config.field, count_total: 'false' };
	// A zero lower edge means "from the beginning": no time filter at all.
	if (afterMicros > 0) qs[config.field.replace('_at', '_after')] = afterBound(afterMicros);
	return qs;
}

export function toOutput(config: TriggerConfig, incident: IDataObject): INodeExecutionData {
	return { json: config.simplify ? simplifyIncident(incident) : incident };
}
