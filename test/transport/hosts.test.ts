import type { IDataObject } from 'n8n-workflow';

import { CiscoCloudlockApi } from '../../credentials/CiscoCloudlockApi.credentials';
import { CiscoCloudlock } from '../../nodes/CiscoCloudlock/CiscoCloudlock.node';
import { resources } from '../../nodes/CiscoCloudlock/actions/resources';
import { runLoadOptions, runNode, runPoll } from '../helpers/engine';
import { clearOutbound, outboundUrls, startRecording, stopRecording } from '../helpers/outbound';
import { useSimulator } from '../helpers/simulator';
import { sourceFiles } from '../helpers/sources';

const env = useSimulator();

/** A value of the right type for every required field of an operation, so n8n starts the run. */
function requiredFields(resource: string, operation: string, id: string): IDataObject {
	const fields: IDataObject = {};
	for (const p of new CiscoCloudlock().description.properties) {
		const show = p.displayOptions?.show;
		if (!p.required || !show?.resource?.includes(resource)) continue;
		if (!show.operation?.includes(operation)) continue;
		const first = (p.options as Array<{ value?: unknown }> | undefined)?.[0]?.value;
		const byType: Record<string, unknown> = {
			string: id,
			number: 1,
			boolean: false,
			options: first,
			multiOptions: first === undefined ? [] : [first],
			collection: {},
			fixedCollection: {},
			json: '{}',
			resourceLocator: { __rl: true, mode: 'id', value: id },
		};
		fields[p.name] = (byType[p.type] ?? id) as IDataObject[string];
	}
	return fields;
}

/** host of every http(s) URL written in a text */
const hostsIn = (text: string) =>
	[...text.matchAll(/https?:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi)].map((m) => m[1].toLowerCase());

describe('F13: requests go to the credential’s Base URL only', () => {
	it('F13: no .ts file under nodes/ names a Cloudlock host or any host but n8n’s docs', () => {
		const files = sourceFiles('nodes');
		expect(files.length).toBeGreaterThan(10);
		const offending = files.flatMap((file) =>
			[
				...hostsIn(file.text).filter((host) => host !== 'docs.n8n.io'),
				...(/cloudlock\.com/i.test(file.text) ? ['cloudlock.com'] : []),
			].map((host) => `${file.path}: ${host}`),
		);
		expect(offending).toEqual([]);
	});

	it('F13: under credentials/, a host appears only in help texts, never in what is requested', () => {
		const files = sourceFiles('credentials');
		expect(files.map((f) => f.path)).toEqual(['credentials/CiscoCloudlockApi.credentials.ts']);
		const credential = new CiscoCloudlockApi();
		const requested = JSON.stringify([credential.test.request, credential.authenticate]);
		expect(hostsIn(requested)).toEqual([]);
		expect(requested).not.toMatch(/cloudlock\.com/i);
		const helpTexts = [
			...credential.properties.flatMap((p) => [p.placeholder ?? '', p.description ?? '']),
			credential.documentationUrl,
			...(credential.test.rules ?? []).map((rule) => JSON.stringify(rule)),
		].join('\n');
		for (const host of hostsIn(files[0].text)) expect(helpTexts).toContain(host);
	});

	it('F13: every operation, the option loader and the trigger call only the Base URL', async () => {
		startRecording();
		clearOutbound();
		// Entered without /api/v2 and with a trailing slash, as users paste it.
		const credentials = { ...env.credentials, baseUrl: `${env.sim.origin}/` };
		const incidentId = env.sim.state.incidents[0].id;
		try {
			for (const [resource, module] of Object.entries(resources)) {
				for (const operation of Object.keys(module.operations)) {
					await runNode({
						parameters: {
							resource,
							operation,
							returnAll: false,
							limit: 2,
							...requiredFields(resource, operation, incidentId),
						},
						credentials,
					});
				}
			}
			await runLoadOptions('getPolicies', { credentials });
			await runPoll({ parameters: {}, staticData: {}, credentials }).catch(() => null);
		} finally {
			stopRecording();
		}
		const urls = outboundUrls();
		expect(urls.length).toBeGreaterThanOrEqual(Object.keys(resources).length);
		expect(urls.filter((url) => !url.startsWith(`${env.sim.baseUrl}/`))).toEqual([]);
		// The simulator saw each of them: nothing went anywhere else.
		expect(env.sim.requests).toHaveLength(urls.length);
	});
});
