// One benchmark process (Node 24, forked by scripts/bench.mjs): builds the n8n engine once, then
// runs what the parent asks over IPC. A fresh worker per measured run keeps its peak RSS (the
// process's maxRSS) about that run alone. Messages in: {type:'run', workflow, collect, keyField},
// {type:'poll', parameters}, {type:'raw', urls, concurrency}, {type:'exit'}; each answered with {type:'result', ...}.
import { createEngine } from './engine.mjs';
import { fetchAll } from './raw-client.mjs';

const init = JSON.parse(process.argv[2]);
const credentials = init.credentials;
const staticData = {};

function summarizeRun(run, { collect, keyField }) {
	const runData = run.data.resultData.runData;
	const nodeMs = {};
	for (const [name, tasks] of Object.entries(runData)) {
		nodeMs[name] = tasks.reduce((sum, task) => sum + (task.executionTime ?? 0), 0);
	}
	let items = [];
	for (const task of runData[collect] ?? []) items = items.concat(task.data?.main?.[0] ?? []);
	const failedTask = Object.entries(runData)
		.map(([name, tasks]) => [name, tasks.find((t) => t.error)])
		.find(([, task]) => task);
	const error = run.data.resultData.error ?? failedTask?.[1]?.error;
	return {
		nodeMs,
		items: items.length,
		keys: keyField ? items.map((item) => String(item.json[keyField])) : undefined,
		error: error
			? `${failedTask ? `${failedTask[0]}: ` : ''}${error.message ?? String(error)}`
			: undefined,
	};
}

const memory = () => ({
	rssMb: process.memoryUsage().rss / 2 ** 20,
	maxRssMb: process.resourceUsage().maxRSS / 1024,
});

async function main() {
	const engine = await createEngine(init);
	process.on('message', async (message) => {
		try {
			if (message.type === 'exit') {
				process.disconnect();
				return;
			}
			const before = memory();
			const cpuBefore = process.cpuUsage();
			let result;
			if (message.type === 'run') {
				const { ms, run } = await engine.runWorkflow({ ...message.workflow, credentials });
				result = { ms, ...summarizeRun(run, message) };
			} else if (message.type === 'poll') {
				const { ms, items } = await engine.runPoll({
					parameters: message.parameters,
					staticData,
					credentials,
				});
				result = {
					ms,
					items: items.length,
					keys: items.map((item) => String(item.json.id ?? item.json.incident_id)),
				};
			} else if (message.type === 'raw') {
				result = await fetchAll(message.urls, message.concurrency, credentials.accessToken);
			} else {
				throw new Error(`unknown message ${message.type}`);
			}
			const cpu = process.cpuUsage(cpuBefore);
			process.send({
				type: 'result',
				...result,
				cpuMs: (cpu.user + cpu.system) / 1000,
				rssBeforeMb: before.rssMb,
				...memory(),
			});
		} catch (error) {
			process.send({ type: 'result', error: error?.stack ?? String(error), ...memory() });
		}
	});
	process.send({ type: 'ready', ...memory() });
}

main().catch((error) => {
	process.send?.({ type: 'fatal', error: error?.stack ?? String(error) });
	process.exitCode = 1;
});
