/**
 * IPv4 / IPv6 / CIDR validation and canonical forms, without Node's `net` module (n8n's lint
 * forbids it). Canonical forms let two spellings of one address compare equal:
 * IPv4 without leading zeros, IPv6 lower-case and compressed as RFC 5952 prescribes, CIDR as the
 * network address plus a plain prefix, and a host prefix (/32, /128) as the bare address.
 */

export interface ParsedIp {
	/** The canonical spelling: what the node sends and compares. */
	canonical: string;
	version: 4 | 6;
	/** Set for a range (CIDR) narrower than a single host. */
	prefix?: number;
}

function parseIpv4(text: string): number[] | undefined {
	const parts = text.split('.');
	if (parts.length !== 4) return undefined;
	const octets: number[] = [];
	for (const part of parts) {
		if (!/^\d{1,3}$/.test(part)) return undefined;
		const value = Number(part);
		if (value > 255) return undefined;
		octets.push(value);
	}
	return octets;
}

/** Eight 16-bit groups, or undefined when the text is not an IPv6 address. */
function parseIpv6(text: string): number[] | undefined {
	if (!/^[0-9a-f:.]+$/i.test(text)) return undefined;
	const halves = text.split('::');
	if (halves.length > 2) return undefined;

	const toGroups = (part: string, allowV4Tail: boolean): number[] | undefined => {
		if (part === '') return [];
		const pieces = part.split(':');
		const groups: number[] = [];
		for (let i = 0; i < pieces.length; i++) {
			const piece = pieces[i];
			if (allowV4Tail && i === pieces.length - 1 && piece.includes('.')) {
				const v4 = parseIpv4(piece);
				if (!v4) return undefined;
				groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
			} else {
				if (!/^[0-9a-f]{1,4}$/i.test(piece)) return undefined;
				groups.push(parseInt(piece, 16));
			}
		}
		return groups;
	};

	if (halves.length === 1) {
		const groups = toGroups(halves[0], true);
		return groups && groups.length === 8 ? groups : undefined;
	}
	const head = toGroups(halves[0], false);
	const tail = toGroups(halves[1], true);
	if (!head || !tail || head.length + tail.length > 7) return undefined;
	return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function formatIpv6(groups: number[]): string {
	// IPv4-mapped addresses keep their dotted tail (RFC 5952 §5).
	if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
		return `::ffff:${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;
	}
	let bestStart = -1;
	let bestLength = 0;
	for (let i = 0; i < 8;) {
		if (groups[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && groups[j] === 0) j++;
		if (j - i > bestLength) {
			bestStart = i;
			bestLength = j - i;
		}
		i = j;
	}
	const hex = groups.map((g) => g.toString(16));
	if (bestLength < 2) return hex.join(':');
	const head = hex.slice(0, bestStart).join(':');
	const tail = hex.slice(bestStart + bestLength).join(':');
	return `${head}::${tail}`;
}

/** Zeroes the bits after `prefix` in an address given as 8-bit (IPv4) or 16-bit (IPv6) units. */
function maskUnits(units: number[], bitsPerUnit: number, prefix: number): number[] {
	return units.map((unit, i) => {
		const keep = Math.max(0, Math.min(bitsPerUnit, prefix - i * bitsPerUnit));
		const mask = keep === 0 ? 0 : ((1 << bitsPerUnit) - 1) ^ ((1 << (bitsPerUnit - keep)) - 1);
		return unit & mask;
	});
}

/** Parses one address or CIDR range; undefined when it is neither. */
export function parseIp(input: string): ParsedIp | undefined {
	const text = input.trim();
	if (text === '' || text.length > 64) return undefined;
	const [address, prefixText, extra] = text.split('/');
	if (extra !== undefined) return undefined;
	if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
	const prefix = prefixText === undefined ? undefined : Number(prefixText);

	const v4 = parseIpv4(address);
	if (v4) {
		if (prefix !== undefined && prefix > 32) return undefined;
		if (prefix === undefined || prefix === 32) return { canonical: v4.join('.'), version: 4 };
		return { canonical: `${maskUnits(v4, 8, prefix).join('.')}/${prefix}`, version: 4, prefix };
	}
	const v6 = parseIpv6(address);
	if (v6) {
		if (prefix !== undefined && prefix > 128) return undefined;
		if (prefix === undefined || prefix === 128) return { canonical: formatIpv6(v6), version: 6 };
		return { canonical: `${formatIpv6(maskUnits(v6, 16, prefix))}/${prefix}`, version: 6, prefix };
	}
	return undefined;
}

/**
 * The key two library entries or inputs are compared by: the canonical form of a valid address,
 * otherwise the trimmed lower-case text, so an odd entry only ever matches itself.
 */
export function ipKey(value: unknown): string {
	const text = String(value ?? '').trim();
	const canonical = parseIp(text)?.canonical;
	if (canonical === undefined) return text.toLowerCase();
	// An IPv4-mapped IPv6 address is the same host as the plain IPv4 address.
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(canonical);
	return mapped ? mapped[1] : canonical;
}

/**
 * Splits user input into candidate addresses: text separated by commas, semicolons, new lines or
 * spaces, or an array (from an expression) whose elements may themselves be such text.
 */
export function splitIpInput(value: unknown): string[] {
	const out: string[] = [];
	const visit = (v: unknown) => {
		if (Array.isArray(v)) {
			v.forEach(visit);
			return;
		}
		if (v === undefined || v === null) return;
		// An object is never an address; keep it whole so the error quotes it as given.
		if (typeof v === 'object') {
			out.push(JSON.stringify(v));
			return;
		}
		// Text copied from chat tools or PDFs often carries invisible zero-width characters.
		const visible = String(v).replace(/[\u200B-\u200D\u2060\uFEFF]/g, '');
		for (const piece of visible.split(/[\s,;]+/)) if (piece !== '') out.push(piece);
	};
	visit(value);
	return out;
}
