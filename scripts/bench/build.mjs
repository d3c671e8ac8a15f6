// Compiles the package (the repo's tsconfig, as `npm run build` does) into a private folder
// outside the repo, so the benchmark never rewrites the shared dist/ and the build resolves
// n8n-workflow from the real n8n install (NODE_PATH) like a community package inside n8n.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function buildPackage(repoRoot) {
	const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudlock-bench-build-'));
	try {
		compile(repoRoot, outDir);
	} catch (error) {
		// tsc still emits on type errors (another engineer's work in progress); only a build
		// without the node files is fatal.
		const node = path.join(outDir, 'nodes', 'CiscoCloudlock', 'CiscoCloudlock.node.js');
		if (!fs.existsSync(node)) throw error;
		const output = `${error.stdout ?? ''}`.trim().split('\n').slice(0, 5).join('\n');
		return { outDir, warning: `tsc reported errors (the build is used anyway):\n${output}` };
	}
	return { outDir };
}

function compile(repoRoot, outDir) {
	execFileSync(
		path.join(repoRoot, 'node_modules', '.bin', 'tsc'),
		[
			'-p',
			path.join(repoRoot, 'tsconfig.json'),
			'--outDir',
			outDir,
			'--incremental',
			'false',
			'--declaration',
			'false',
			'--sourceMap',
			'false',
		],
		{ cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
	);
}
