/**
 * Option values looked up in plain objects: "constructor" or "toString" from an expression found
 * Object.prototype's functions, so Incident Aggregate sent `GET function Object() { [native
 * code] }` to the Cloudlock host.
 */
import { NodeOperationError } from 'n8n-workflow';

import { runNode } from '../helpers/engine';
import { fastRetries, useSimulator } from '../helpers/simulator';

const env = useSimulator();
fastRetries();

describe('option values that are Object.prototype keys', () => {
	for (const groupBy of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
		it(`Incident Aggregate Group By "${groupBy}" fails before any request`, async () => {
			const { items, error } = await runNode({
				parameters: {
					resource: 'incidentAggregate',
					operation: 'get',
					groupBy: `={{ "${groupBy}" }}`,
				},
				credentials: env.credentials,
			});

			expect(items).toEqual([]);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error?.message).toBe(`"Group By" has a value Cloudlock does not know: ${groupBy}`);
			expect(env.sim.requests).toEqual([]);
		});
	}
});
