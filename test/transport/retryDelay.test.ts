import { retryDelayMs, transportSettings } from '../../nodes/CiscoCloudlock/transport';

const NOW = Date.UTC(2026, 10, 30, 10, 15, 0);
const httpDate = (offsetMs: number) => new Date(NOW + offsetMs).toUTCString();

describe('retryDelayMs', () => {
	afterEach(() => jest.restoreAllMocks());

	it('uses the production settings in this file', () => {
		expect(transportSettings).toMatchObject({ baseDelayMs: 500, maxDelayMs: 30_000 });
	});

	it.each<[string, number]>([
		['1', 1000],
		['0', 0],
		['2.5', 2500],
		[' 7 ', 7000],
		['30', 30_000],
		['120', 30_000],
	])('F9: Retry-After "%s" seconds waits %i ms (capped at maxDelayMs)', (header, expected) => {
		expect(retryDelayMs(1, header, NOW)).toBe(expected);
	});

	it.each<[number, number]>([
		[5_000, 5_000],
		[0, 0],
		[-60_000, 0],
		[3_600_000, 30_000],
	])('F9: Retry-After as an HTTP date %i ms from now waits %i ms', (offset, expected) => {
		expect(retryDelayMs(1, httpDate(offset), NOW)).toBe(expected);
	});

	it.each<[number, number]>([
		[1, 375],
		[2, 750],
		[3, 1500],
		[6, 12_000],
		[7, 22_500],
		[12, 22_500],
	])(
		'without Retry-After, attempt %i waits %i ms at the middle of its jitter',
		(attempt, expected) => {
			jest.spyOn(Math, 'random').mockReturnValue(0.5);
			expect(retryDelayMs(attempt, undefined, NOW)).toBe(expected);
		},
	);

	it.each<[string | undefined]>([[undefined], [''], ['   '], ['soon']])(
		'an absent or unreadable Retry-After (%p) falls back to the backoff',
		(header) => {
			jest.spyOn(Math, 'random').mockReturnValue(0);
			expect(retryDelayMs(2, header, NOW)).toBe(500);
		},
	);
});
