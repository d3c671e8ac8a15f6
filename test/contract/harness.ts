/** Shared set-up of the contract tests: one simulator, and a node run that returns its requests. */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../helpers/engine';
import type { RunNodeResult } from '../helpers/engine';
import { startSimulator } from '../simulator/server';
import type { Simulator } from '../simulator/server';
import { captured } from './spec';
import type { CapturedRequest } from './spec';

/** Seeded data anchored at a fixed instant, small enough for Return All to stay quick. */
export async function startContractSimulator(): Promise<Simulator> {
	return await startSimulator({
		seed: 20261130,
		now: Date.UTC(2026, 10, 30, 12),
		seedCounts: { incidents: 150, activities: 150, apps: 30, entities: 60, threats: 30 },
	});
}

export interface ContractRun {
	result: RunNodeResult;
	requests: CapturedRequest[];
}

export type ParametersFor = (sim: Simulator) => IDataObject;

/** Runs the node once on a freshly reset simulator (parameters read its state) and returns what it sent. */
export async function runAgainst(
	sim: Simulator,
	parameters: ParametersFor,
	input?: IDataObject[],
): Promise<ContractRun> {
	sim.reset();
	const result = await runNode({
		parameters: parameters(sim),
		input,
		credentials: { baseUrl: sim.baseUrl, accessToken: sim.token },
	});
	return { result, requests: captured(sim.requests) };
}
