'use strict';
// Reads the package's own source files for static checks (F13). File-system access is off limits
// in .ts test files under the community lint rules, hence a small .js module.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/** Every file under `dir` (relative to the package root) whose name ends with `ext`. */
function sourceFiles(dir, ext = '.ts') {
	const out = [];
	const walk = (abs) => {
		for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
			const full = path.join(abs, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith(ext)) {
				out.push({ path: path.relative(ROOT, full), text: fs.readFileSync(full, 'utf8') });
			}
		}
	};
	walk(path.join(ROOT, dir));
	return out.sort((a, b) => a.path.localeCompare(b.path));
}

module.exports = { sourceFiles };
