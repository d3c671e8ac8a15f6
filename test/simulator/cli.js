#!/usr/bin/env node
'use strict';
/*
 * Run the Cloudlock simulator as a standalone server.
 *
 *   node test/simulator/cli.js [--port N] [--host H] [--seed N] [--latency MS] [--incidents N]
 *                              [--now ISO|ms] [--freeze-clock]
 *
 * Env: PORT (default 8787), CLOUDLOCK_TOKEN (default "sim-token").
 */

const { startSimulator, DEFAULT_TOKEN } = require('./server');

const USAGE = `Usage: node test/simulator/cli.js [options]

  --port N         listen port (default: $PORT or 8787; 0 = any free port)
  --host H         listen address (default 127.0.0.1)
  --seed N         data seed (default 1)
  --latency MS     delay added to every /api/v2 response (default 0)
  --incidents N    number of seeded incidents (default 400)
  --now ISO|MS     anchor for seeded timestamps (default: current time)
  --freeze-clock   start with the simulator clock frozen at --now
  --help           show this text

Environment: PORT, CLOUDLOCK_TOKEN (bearer token to accept; default "${DEFAULT_TOKEN}").
Control API (no auth): http://<host>:<port>/_sim  — see test/simulator/README.md`;

function fail(message) {
	process.stderr.write(`${message}\n\n${USAGE}\n`);
	process.exit(2);
}

function parseArgs(argv) {
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		let arg = argv[i];
		let value;
		const eq = arg.indexOf('=');
		if (arg.startsWith('--') && eq !== -1) {
			value = arg.slice(eq + 1);
			arg = arg.slice(0, eq);
		}
		const needValue = () => {
			if (value !== undefined) return value;
			if (i + 1 >= argv.length) fail(`Missing value for ${arg}`);
			i += 1;
			return argv[i];
		};
		const num = (name, v, min) => {
			const n = Number(v);
			if (!Number.isInteger(n) || n < min) fail(`Invalid value for ${name}: ${v}`);
			return n;
		};
		switch (arg) {
			case '--help':
			case '-h':
				process.stdout.write(`${USAGE}\n`);
				process.exit(0);
				break;
			case '--port':
				out.port = num('--port', needValue(), 0);
				break;
			case '--host':
				out.host = needValue();
				break;
			case '--seed':
				out.seed = num('--seed', needValue(), 0);
				break;
			case '--latency':
				out.latency = num('--latency', needValue(), 0);
				break;
			case '--incidents':
				out.incidents = num('--incidents', needValue(), 0);
				break;
			case '--now': {
				const v = needValue();
				const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
				if (!Number.isFinite(ms)) fail(`Invalid value for --now: ${v}`);
				out.now = ms;
				break;
			}
			case '--freeze-clock':
				out.freezeClock = true;
				break;
			default:
				fail(`Unknown argument: ${argv[i]}`);
		}
	}
	return out;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	let port = args.port;
	if (port === undefined && process.env.PORT !== undefined && process.env.PORT !== '') {
		port = Number(process.env.PORT);
		if (!Number.isInteger(port) || port < 0) fail(`Invalid PORT: ${process.env.PORT}`);
	}
	if (port === undefined) port = 8787;
	const envToken = process.env.CLOUDLOCK_TOKEN;
	const token = envToken !== undefined && envToken !== '' ? envToken : DEFAULT_TOKEN;

	const sim = await startSimulator({
		port,
		host: args.host || '127.0.0.1',
		token,
		seed: args.seed === undefined ? 1 : args.seed,
		now: args.now,
		latency: args.latency || 0,
		freezeClock: Boolean(args.freezeClock),
		seedCounts: args.incidents === undefined ? undefined : { incidents: args.incidents },
	});
	const shownToken = token === DEFAULT_TOKEN ? DEFAULT_TOKEN : '(from CLOUDLOCK_TOKEN)';
	process.stdout.write(`Cloudlock simulator listening at ${sim.baseUrl} (token: ${shownToken})\n`);
	process.stdout.write(`Control API: ${sim.origin}/_sim\n`);

	let stopping = false;
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`Received ${signal}, shutting down\n`);
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
	process.stderr.write(
		`Cloudlock simulator failed to start: ${err && err.message ? err.message : err}\n`,
	);
	process.exit(1);
});
