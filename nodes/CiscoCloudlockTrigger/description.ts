import type { INodeProperties } from 'n8n-workflow';

import { filtersCollection, incidentFilterFields } from '../CiscoCloudlock/helpers/descriptions';
import { DEFAULT_LOOKBACK_MINUTES, DEFAULT_REPLAY_HOURS } from './config';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'New Incident',
				value: 'newIncident',
				description: 'Fires once for each incident Cloudlock raises',
			},
			{
				name: 'New or Updated Incident',
				value: 'incidentUpdated',
				description:
					'Fires for each new incident and again whenever its status, severity or other fields change',
			},
		],
		default: 'newIncident',
	},
	filtersCollection(...incidentFilterFields),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'First Activation',
				name: 'firstActivation',
				type: 'options',
				options: [
					{
						name: 'Replay Recent Incidents',
						value: 'replay',
						description: 'Also emit the matching incidents of the last hours set in Replay Hours',
					},
					{
						name: 'Start From Now',
						value: 'now',
						description: 'Emit only incidents that appear after the trigger is activated',
					},
				],
				default: 'now',
				description: 'What the trigger emits the first time it polls',
			},
			{
				displayName: 'Late Arrival Window (Minutes)',
				name: 'lookbackMinutes',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1440 },
				default: DEFAULT_LOOKBACK_MINUTES,
				description:
					'How far behind the newest incident each poll looks again, to catch incidents Cloudlock shows late with an earlier timestamp. Incidents already emitted are never emitted again.',
			},
			{
				displayName: 'Replay Hours',
				name: 'replayHours',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 720 },
				default: DEFAULT_REPLAY_HOURS,
				description: 'How many hours back the first poll starts when First Activation is Replay',
				displayOptions: { show: { firstActivation: ['replay'] } },
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: false,
				description: 'Whether to return a flat summary of each incident instead of the full record',
			},
		],
	},
];
