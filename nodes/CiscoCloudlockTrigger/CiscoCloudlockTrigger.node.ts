import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

// Placeholder until the polling logic lands.
export class CiscoCloudlockTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cisco Cloudlock Trigger',
		name: 'ciscoCloudlockTrigger',
		icon: { light: 'file:../../icons/cloudlock.svg', dark: 'file:../../icons/cloudlock.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when Cisco Cloudlock raises or updates an incident',
		defaults: { name: 'Cisco Cloudlock Trigger' },
		polling: true,
		usableAsTool: undefined,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ciscoCloudlockApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'New Incident', value: 'newIncident' },
					{ name: 'New or Updated Incident', value: 'incidentUpdated' },
				],
				default: 'newIncident',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return null;
	}
}
