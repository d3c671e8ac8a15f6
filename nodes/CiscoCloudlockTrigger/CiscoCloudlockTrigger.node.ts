import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { loadOptions } from '../CiscoCloudlock/methods';
import { triggerProperties } from './description';
import { pollIncidents } from './poll';

/**
 * Polls GET /incidents oldest first from a stored cursor and emits each matching incident once
 * (New Incident: once per id; New or Updated Incident: once per id and updated_at).
 *
 * State (node static data): the newest timestamp read, a de-duplication window below it (the
 * late-arrival window, 10 min by default) with the ids delivered inside it (capped), and where
 * an unfinished walk continues. It changes only after every page of a poll was read; an error
 * throws (n8n records a failed poll) and leaves it as it was. See the README, "Cisco Cloudlock Trigger".
 */
export class CiscoCloudlockTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cisco Cloudlock Trigger',
		name: 'ciscoCloudlockTrigger',
		icon: {
			light: 'file:../../icons/cloudlockTrigger.svg',
			dark: 'file:../../icons/cloudlockTrigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["event"] === "incidentUpdated" ? "New or updated incident" : "New incident"}}',
		description: 'Starts the workflow when Cisco Cloudlock raises or updates an incident',
		defaults: { name: 'Cisco Cloudlock Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ciscoCloudlockApi', required: true }],
		properties: triggerProperties,
	};

	methods = { loadOptions };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollIncidents.call(this);
	}
}
