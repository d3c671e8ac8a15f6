import type { INodeProperties } from 'n8n-workflow';

/** Return All + Limit, the pair every Get Many carries. */
export function returnAllAndLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

export const simplifyField = (what: string): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description: `Whether to return a flat summary of each ${what} instead of the full record`,
});

/** Option users set to stay under their tenant's rate limit. */
export const maxConcurrencyOption: INodeProperties = {
	displayName: 'Max Concurrent Requests',
	name: 'maxConcurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 16 },
	default: 4,
	description:
		'How many requests to Cloudlock may run at the same time. Lower it if your tenant hits its rate limit; the node also slows down by itself after a 429.',
};

export const SEVERITY_OPTIONS = [
	{ name: 'Alert', value: 'ALERT' },
	{ name: 'Critical', value: 'CRITICAL' },
	{ name: 'Info', value: 'INFO' },
	{ name: 'Warning', value: 'WARNING' },
];

export const INCIDENT_STATUS_OPTIONS = [
	{ name: 'Dismissed', value: 'DISMISSED' },
	{ name: 'In Progress', value: 'IN PROGRESS' },
	{ name: 'New', value: 'NEW' },
	{ name: 'Resolved', value: 'RESOLVED' },
];

export const VENDOR_OPTIONS = [
	{ name: 'Box', value: 'box' },
	{ name: 'Google', value: 'google' },
	{ name: 'Microsoft 365', value: 'office365' },
	{ name: 'Salesforce', value: 'salesforce' },
];
