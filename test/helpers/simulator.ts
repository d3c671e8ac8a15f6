/**
 * Jest wiring for the Cloudlock simulator.
 *
 *   const env = useSimulator();           // one simulator per test file, reset before each test
 *   env.sim.state.incidents ...            // the live simulator
 *   runNode({ credentials: env.credentials, ... })   // { baseUrl: sim.baseUrl, accessToken: sim.token }
 *
 *   fastRetries();                         // transport delays 1..50 ms, timeout 2 s, for this file
 */
import { transportSettings } from '../../nodes/CiscoCloudlock/transport';
import { startSimulator } from '../simulator/server';
import type { Simulator, StartOptions } from '../simulator/server';
import type { TestCredentials } from './engine';

export interface SimulatorEnv {
	readonly sim: Simulator;
	readonly credentials: TestCredentials;
}

export function useSimulator(options: StartOptions = {}): SimulatorEnv {
	let sim: Simulator | undefined;
	beforeAll(async () => {
		sim = await startSimulator({ port: 0, ...options });
	});
	afterAll(async () => {
		await sim?.close();
		sim = undefined;
	});
	beforeEach(() => {
		sim?.reset();
	});
	const running = (): Simulator => {
		if (!sim) throw new Error('The simulator runs only inside tests (beforeAll has not run)');
		return sim;
	};
	return {
		get sim() {
			return running();
		},
		get credentials() {
			const s = running();
			return { baseUrl: s.baseUrl, accessToken: s.token };
		},
	};
}

/** Retries without the production waits, restored after the file. */
export function fastRetries(overrides: Partial<typeof transportSettings> = {}): void {
	const saved = { ...transportSettings };
	beforeAll(() => {
		Object.assign(transportSettings, {
			baseDelayMs: 1,
			maxDelayMs: 50,
			timeoutMs: 2000,
			...overrides,
		});
	});
	afterAll(() => {
		Object.assign(transportSettings, saved);
	});
}
