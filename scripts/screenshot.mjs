#!/usr/bin/env node
// Redoes docs/images/auto-block-workflow.png: the auto-block example in the n8n editor, taken
// with headless Chromium. Not run in CI. It needs Chromium and playwright-core, both kept OUTSIDE
// the repository (no dependency is added to package.json):
//
//   apt-get update && apt-get install -y chromium                 # Debian; gives /usr/bin/chromium
//   mkdir -p /tmp/shot && (cd /tmp/shot && npm init -y && npm i playwright-core)
//   node scripts/screenshot.mjs [--playwright-dir /tmp/shot] [--chromium /usr/bin/chromium]
//                               [--out docs/images/auto-block-workflow.png] [--keep-open]
//                               [--example autoBlock|incidentAlert|dailyDigest|aiAgent]
//
// It starts the simulator and a fresh n8n (user folder .cache/screenshot/user) with the package
// installed from its tarball, imports the example with a Cloudlock credential (and a placeholder
// Slack credential so that no node shows a warning), logs in through the cookie of the REST login
// and saves the canvas.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { createConsole, sleep } from './lib/console.mjs';
import { loadExample, withCredential } from './lib/examples.mjs';
import { launch, prepareInstance } from './lib/instance.mjs';
import { ensureRuntime, REPO_ROOT } from './lib/n8n-runtime.mjs';
import { buildAndPack } from './lib/package-tarball.mjs';
import { loadSimulator } from './lib/story.mjs';

const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function option(name, fallback) {
	const argv = process.argv.slice(2);
	const i = argv.indexOf(name);
	if (i !== -1) return argv[i + 1];
	const inline = argv.find((a) => a.startsWith(`${name}=`));
	return inline ? inline.slice(name.length + 1) : fallback;
}

const con = createConsole('shot');
const playwrightDir = option('--playwright-dir', process.env.PLAYWRIGHT_DIR ?? '/tmp/shot');
const chromiumPath = option('--chromium', '/usr/bin/chromium');
const out = path.resolve(
	option('--out', path.join(REPO_ROOT, 'docs', 'images', 'auto-block-workflow.png')),
);
const keepOpen = process.argv.includes('--keep-open');
const WORKFLOW_ID = 'cloudlockScreenWf1';
const EXAMPLE = option('--example', 'autoBlock');
const OWNER = {
	email: 'demo@example.com',
	password: 'Cloudlock-Demo-1',
	firstName: 'Demo',
	lastName: 'Analyst',
};

function loadPlaywright() {
	try {
		return createRequire(path.join(playwrightDir, 'package.json'))('playwright-core');
	} catch {
		throw new Error(
			`playwright-core not found in ${playwrightDir}: run "mkdir -p ${playwrightDir} && cd ${playwrightDir} && npm init -y && npm i playwright-core" (or pass --playwright-dir)`,
		);
	}
}

async function main() {
	const { chromium } = loadPlaywright();
	if (!fs.existsSync(chromiumPath))
		throw new Error(
			`no Chromium at ${chromiumPath} (apt-get install -y chromium, or pass --chromium)`,
		);

	const [runtime, pack] = await Promise.all([
		ensureRuntime({ log: (m) => con.info(m) }),
		buildAndPack({ log: (m) => con.info(m) }),
	]);
	const sim = await loadSimulator().startSimulator({ port: 0, seed: 1 });
	let inst = null;
	let browser = null;
	try {
		const cloudlock = {
			id: 'cloudlockDemoCred',
			name: 'Cisco Cloudlock',
			type: 'ciscoCloudlockApi',
			data: { baseUrl: sim.baseUrl, accessToken: sim.token },
		};
		const slack = {
			id: 'slackPlaceholder1',
			name: 'Slack',
			type: 'slackApi',
			data: { accessToken: 'xoxb-placeholder' },
		};
		const workflow = withCredential(loadExample(EXAMPLE), {
			id: WORKFLOW_ID,
			credential: cloudlock,
		});
		for (const node of workflow.nodes) {
			if (node.type === 'n8n-nodes-base.slack')
				node.credentials = { slackApi: { id: slack.id, name: slack.name } };
		}
		const { env } = await prepareInstance({
			runtime,
			userFolder: path.join(REPO_ROOT, '.cache', 'screenshot', 'user'),
			tarball: pack.tarball,
			credentials: [cloudlock, slack],
			workflows: [workflow],
			log: (m) => con.info(m),
		});
		inst = await launch({ runtime, env, owner: OWNER, log: (m) => con.info(m) });
		con.phase(`n8n at ${inst.url}`);

		browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
		const context = await browser.newContext({
			viewport: { width: 1600, height: 820 },
			deviceScaleFactor: 1,
		});
		const [name, value] = inst.cookie.split(/=(.*)/s);
		await context.addCookies([{ name, value, url: inst.url }]);
		const page = await context.newPage();
		await page.goto(`${inst.url}/workflow/${WORKFLOW_ID}`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector('.vue-flow__node', { timeout: 60_000 });
		await page.waitForFunction(
			(count) => document.querySelectorAll('.vue-flow__node').length >= count,
			workflow.nodes.length,
			{ timeout: 30_000 },
		);
		// let the canvas fit the view and icons load, then close any toast or popup
		await sleep(2500);
		await page.keyboard.press('Escape');
		await page.evaluate(() => {
			for (const el of document.querySelectorAll('.el-notification, .n8n-toast, [role="alert"]'))
				el.remove();
		});
		await page.keyboard.press('Shift+1'); // zoom to fit
		await sleep(1200);
		fs.mkdirSync(path.dirname(out), { recursive: true });
		await page.screenshot({ path: out });
		con.phase(`saved ${path.relative(REPO_ROOT, out)}`);
		if (keepOpen) {
			con.info(
				`n8n stays up at ${inst.url} (login ${OWNER.email} / ${OWNER.password}); Ctrl-C to stop`,
			);
			await new Promise((resolve) => process.once('SIGINT', resolve));
		}
	} finally {
		if (browser) await browser.close();
		if (inst) await inst.n8n.stop();
		await sim.close();
	}
}

main().then(
	() => process.exit(0),
	(err) => {
		con.fail(err.message);
		process.exit(1);
	},
);
