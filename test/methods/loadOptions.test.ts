import { NodeApiError } from 'n8n-workflow';

import { runLoadOptions } from '../helpers/engine';
import { fastRetries, useSimulator } from '../helpers/simulator';
import type { Policy } from '../simulator/server';

const env = useSimulator({ seedCounts: { policies: 140 } });
// One page at a time, so the exact request sequence can be asserted.
fastRetries({ defaultConcurrency: 1 });

const option = (p: Policy) => ({
	name: p.state === 'INACTIVE' ? `${p.name} (inactive)` : p.name,
	value: p.id,
	description: `${p.policy_type} · ${p.severity}`,
});

describe('loadOptions getPolicies', () => {
	it('lists every policy (over several pages) with its name and ID, sorted by name', async () => {
		const policies = env.sim.state.policies;
		const options = await runLoadOptions('getPolicies', { credentials: env.credentials });

		const expected = policies.map(option).sort((a, b) => a.name.localeCompare(b.name));
		expect(options).toEqual(expected);
		expect(options).toHaveLength(140);
		expect(options.filter((o) => o.name.endsWith(' (inactive)'))).toHaveLength(
			policies.filter((p) => p.state === 'INACTIVE').length,
		);
		expect(env.sim.requests.map((r) => r.query)).toEqual([
			{ limit: '100', offset: '0' },
			{ limit: '100', offset: '100' },
		]);
	});

	it('reads a bare-array answer the same way', async () => {
		env.sim.setOptions({ policiesShape: 'bare' });
		const options = await runLoadOptions('getPolicies', { credentials: env.credentials });

		expect(options).toEqual(
			env.sim.state.policies.map(option).sort((a, b) => a.name.localeCompare(b.name)),
		);
	});

	it('a rejected token surfaces as the credential error', async () => {
		await expect(
			runLoadOptions('getPolicies', { credentials: { ...env.credentials, accessToken: 'nope' } }),
		).rejects.toMatchObject({
			constructor: NodeApiError,
			message:
				'The access token was rejected (HTTP 401). Check the Access Token in the "Cloudlock (test)" credential',
		});
	});
});
