/**
 * Cloudlock returns timestamps in several shapes (micro- or milliseconds, `+00:00`, `Z`, a space
 * instead of `T`, or no zone at all, which means UTC). Everything is compared as UTC instants.
 */
const TIMESTAMP =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds since the epoch, or `undefined` for empty/unparseable values. */
export function parseCloudlockTime(value: unknown): number | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
	// Outside Date's range (±8.64e15 ms) a number would format as "NaN-NaN-NaN…".
	if (typeof value === 'number') return Number.isNaN(new Date(value).getTime()) ? undefined : value;
	const match = TIMESTAMP.exec(String(value).trim());
	if (!match) return undefined;
	const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = match;
	const ms = Number((frac + '000').slice(0, 3));
	let instant = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
	// Date.UTC rolls impossible fields over (2026-02-30 → 2026-03-02); a typo must not move a filter.
	const check = new Date(instant);
	if (
		check.getUTCFullYear() !== +y ||
		check.getUTCMonth() !== +mo - 1 ||
		check.getUTCDate() !== +d ||
		check.getUTCHours() !== +h ||
		check.getUTCMinutes() !== +mi ||
		check.getUTCSeconds() !== +s
	) {
		return undefined;
	}
	if (zone && zone.toUpperCase() !== 'Z') {
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.replace(/[^0-9]/g, '');
		const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
		instant -= sign * offsetMinutes * 60_000;
	}
	return Number.isNaN(instant) ? undefined : instant;
}

/** Microsecond-precision sort key: two Cloudlock timestamps compare exactly as the server's do. */
export function cloudlockTimeKey(value: unknown): string {
	const instant = parseCloudlockTime(value);
	if (instant === undefined) return '';
	const match = TIMESTAMP.exec(String(value).trim());
	const micros = match?.[7] ? (match[7] + '000000').slice(3, 6) : '000';
	return `${String(instant).padStart(15, '0')}${micros}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:MM:SS` in UTC, a filter format the Cloudlock docs show. */
export function formatCloudlockTime(instantMs: number): string {
	const d = new Date(instantMs);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(
		d.getUTCHours(),
	)}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Offset of `timeZone` from UTC at `instantMs`, in minutes (e.g. -300 for New York in winter). */
function zoneOffsetMinutes(timeZone: string, instantMs: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instantMs));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second'),
	);
	return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/**
 * A date the user entered in n8n (a DateTime parameter or an expression) as a UTC instant.
 * A value without a zone is wall-clock time in the workflow's timezone, as n8n's date picker means it.
 */
export function userDateToInstant(value: unknown, timeZone: string): number | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	// Epoch numbers below 1e11 are seconds (1e11 ms is only March 1973).
	if (typeof value === 'number')
		return parseCloudlockTime(Math.abs(value) < 1e11 ? value * 1000 : value);
	if (value instanceof Date) return parseCloudlockTime(value);
	const text = String(value).trim();
	// Luxon DateTime objects from expressions stringify to ISO with an offset.
	const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
	const asUtc = parseCloudlockTime(text);
	if (asUtc === undefined || hasZone || !timeZone || /^utc$/i.test(timeZone)) return asUtc;
	// Two passes settle the offset across DST changes.
	let instant = asUtc - zoneOffsetMinutes(timeZone, asUtc) * 60_000;
	instant = asUtc - zoneOffsetMinutes(timeZone, instant) * 60_000;
	return instant;
}
