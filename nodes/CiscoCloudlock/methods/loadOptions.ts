import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { apiList } from '../transport';

/** Every policy, sorted by name (inactive ones marked), for the Policy dropdowns of the node and the trigger. */
export async function getPolicies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const policies = await apiList.call(this, '/policies', {});
	return policies
		.map((policy) => ({
			name: `${String(policy.name ?? policy.id)}${policy.state === 'INACTIVE' ? ' (inactive)' : ''}`,
			value: String(policy.id),
			description: [policy.policy_type, policy.severity].filter(Boolean).join(' · ') || undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
