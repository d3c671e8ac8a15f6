// Builds (`npm run build`) and packs (`npm pack`) this repository into a tarball, the file a user
// would install from npm. Tarballs are cached under .cache/package/<hash of the sources>, so a
// second demo run with unchanged sources skips the ~20 s build.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './n8n-runtime.mjs';

const SOURCE_ROOTS = ['nodes', 'credentials', 'icons'];
const SOURCE_FILES = ['package.json', 'tsconfig.json'];

function listFiles(dir) {
	const out = [];
	if (!fs.existsSync(dir)) return out;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...listFiles(full));
		else if (entry.isFile()) out.push(full);
	}
	return out;
}

/** Hash of everything that ends up in the tarball (sources, icons, package.json, tsconfig). */
export function sourceHash(root = REPO_ROOT) {
	const hash = createHash('sha256');
	const files = [
		...SOURCE_ROOTS.flatMap((d) => listFiles(path.join(root, d))),
		...SOURCE_FILES.map((f) => path.join(root, f)).filter((f) => fs.existsSync(f)),
	].sort();
	for (const file of files) {
		hash.update(path.relative(root, file));
		hash.update('\0');
		hash.update(fs.readFileSync(file));
		hash.update('\0');
	}
	return hash.digest('hex').slice(0, 16);
}

function run(cmd, args, { cwd, env = process.env }) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve(out);
			else {
				// strip the build spinner's cursor escapes so the failure is readable
				const clean = out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').slice(-6000);
				reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${clean}`));
			}
		});
	});
}

/** Lists a tarball's files (`tar -tzf`), to check the pack holds what package.json declares. */
async function tarballFiles(tarball) {
	const out = await run('tar', ['-tzf', tarball], { cwd: path.dirname(tarball) });
	return new Set(out.split('\n').filter(Boolean));
}

/**
 * `npm run build` + `npm pack` → `{ tarball, hash, cached, version }`. `rebuild` ignores the cache.
 * Throws with the build output when the build fails, or when the tarball lacks a file that
 * package.json's `n8n` section lists (e.g. a concurrent build emptied dist/ mid-pack).
 */
export async function buildAndPack({ log = () => {}, rebuild = false, root = REPO_ROOT } = {}) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const hash = sourceHash(root);
	const dir = path.join(root, '.cache', 'package', hash);
	const tarball = path.join(dir, `${pkg.name}-${pkg.version}.tgz`);
	if (!rebuild && fs.existsSync(tarball))
		return { tarball, hash, cached: true, version: pkg.version };

	log(`building ${pkg.name} (npm run build)…`);
	await run('npm', ['run', 'build'], { cwd: root });
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	log('packing (npm pack)…');
	await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], {
		cwd: root,
	});
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);

	const files = await tarballFiles(tarball);
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = declared.filter((f) => !files.has(`package/${f}`));
	if (missing.length) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw new Error(
			`the packed tarball lacks ${missing.join(', ')} (was dist/ rebuilt meanwhile?)`,
		);
	}
	// keep only the newest few builds
	const parent = path.dirname(dir);
	const builds = fs
		.readdirSync(parent)
		.map((name) => ({ name, at: fs.statSync(path.join(parent, name)).mtimeMs }))
		.sort((a, b) => b.at - a.at);
	for (const old of builds.slice(3))
		fs.rmSync(path.join(parent, old.name), { recursive: true, force: true });
	return { tarball, hash, cached: false, version: pkg.version };
}
