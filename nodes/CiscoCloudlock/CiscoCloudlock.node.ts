import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources } from './actions/resources';
import { router } from './actions/router';
import { loadOptions } from './methods';

export class CiscoCloudlock implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cisco Cloudlock',
		name: 'ciscoCloudlock',
		icon: { light: 'file:../../icons/cloudlock.svg', dark: 'file:../../icons/cloudlock.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Triage Cisco Cloudlock incidents, look up activities, apps and assets, and manage IP libraries',
		defaults: { name: 'Cisco Cloudlock' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ciscoCloudlockApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Activity', value: 'activity' },
					{ name: 'App', value: 'app' },
					{ name: 'Entity', value: 'entity' },
					{ name: 'Incident', value: 'incident' },
					{ name: 'Incident Aggregate', value: 'incidentAggregate' },
					{ name: 'Incident Entity', value: 'incidentEntity' },
					{ name: 'IP Library', value: 'ipLibrary' },
					{ name: 'Policy', value: 'policy' },
					{ name: 'Threat', value: 'threat' },
				],
				default: 'incident',
			},
			...Object.values(resources).flatMap((resource) => resource.description),
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
