// Terminal output for the demo, the e2e and the screenshot script: elapsed time on every line,
// phases with their duration, a one-line ticker for waits, and redaction of secrets (the
// Cloudlock token must never reach the terminal, whatever prints it).

const secrets = new Set();

/** Registers a value that must never be printed (e.g. CLOUDLOCK_TOKEN); every line is masked. */
export function addSecret(value) {
	if (typeof value === 'string' && value.length >= 4) secrets.add(value);
}

/** Replaces every registered secret in `text` by `***`. */
export function redact(text) {
	let out = String(text);
	for (const secret of secrets) out = out.split(secret).join('***');
	return out;
}

const isTty = Boolean(process.stdout.isTTY);

/**
 * A logger whose lines carry the time since `t0`: `info`, `ok`, `warn`, `fail`, `phase(name)`
 * (prints ✓ with the phase's duration), `ticker(text)` (a status line rewritten in place on a
 * terminal, printed every 15 s otherwise) and `timings` (name → ms of every phase).
 */
export function createConsole(tag, { t0 = Date.now() } = {}) {
	let phaseStart = Date.now();
	let tickerShown = false;
	let lastTickerPrint = 0;
	const timings = [];
	const stamp = () => {
		const s = (Date.now() - t0) / 1000;
		const m = Math.floor(s / 60);
		return `${String(m).padStart(2, '0')}:${(s - m * 60).toFixed(1).padStart(4, '0')}`;
	};
	const clearTicker = () => {
		if (tickerShown && isTty) process.stdout.write('\r\x1b[2K');
		tickerShown = false;
	};
	const line = (stream, symbol, text) => {
		clearTicker();
		stream.write(`${redact(`[${tag} ${stamp()}] ${symbol}${text}`)}\n`);
	};
	return {
		t0,
		timings,
		info: (text) => line(process.stdout, '  ', text),
		ok: (text) => line(process.stdout, '✓ ', text),
		warn: (text) => line(process.stderr, '! ', text),
		fail: (text) => line(process.stderr, '✗ ', text),
		/** Plain lines (e.g. a received chat message), indented under the current step. */
		block: (text) => {
			clearTicker();
			for (const l of String(text).split('\n')) process.stdout.write(`${redact(`      │ ${l}`)}\n`);
		},
		phase(name) {
			const ms = Date.now() - phaseStart;
			timings.push([name, ms]);
			line(process.stdout, '✓ ', `${name} (${(ms / 1000).toFixed(1)}s)`);
			phaseStart = Date.now();
			return ms;
		},
		/** Restarts the phase clock without recording (e.g. after a wait the user chose). */
		resetPhase() {
			phaseStart = Date.now();
		},
		ticker(text) {
			const msg = redact(`[${tag} ${stamp()}] … ${text}`);
			if (isTty) {
				process.stdout.write(`\r\x1b[2K${msg}`);
				tickerShown = true;
			} else if (Date.now() - lastTickerPrint >= 15_000) {
				process.stdout.write(`${msg}\n`);
				lastTickerPrint = Date.now();
			}
		},
		clearTicker,
		summary() {
			clearTicker();
			for (const [name, ms] of timings) {
				process.stdout.write(`[${tag}]   ${(ms / 1000).toFixed(1).padStart(7)}s  ${name}\n`);
			}
		},
	};
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
