import { ipKey, parseIp, splitIpInput } from '../../nodes/CiscoCloudlock/helpers/ip';
import { isValidIp } from '../simulator/server';

describe('parseIp: IPv4', () => {
	it.each([
		['192.0.2.1', '192.0.2.1'],
		['0.0.0.0', '0.0.0.0'],
		['255.255.255.255', '255.255.255.255'],
		['010.000.002.001', '10.0.2.1'],
		['  203.0.113.7 ', '203.0.113.7'],
	])('%s → %s', (input, canonical) => {
		expect(parseIp(input)).toEqual({ canonical, version: 4 });
	});

	it.each([
		'300.1.1.1',
		'1.2.3',
		'1.2.3.4.5',
		'1.2.3.',
		'1..2.3',
		'1.2.3.a',
		'1.2.3.0004',
		'-1.2.3.4',
		'',
	])('rejects %j', (input) => {
		expect(parseIp(input)).toBeUndefined();
	});
});

describe('parseIp: IPv6', () => {
	it.each([
		['2001:DB8::1', '2001:db8::1'],
		['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
		['::', '::'],
		['::1', '::1'],
		['1::', '1::'],
		['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
		['2001:db8::1:0:0:1', '2001:db8::1:0:0:1'],
		['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
		['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
		['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
		['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
		['::FFFF:c000:0201', '::ffff:192.0.2.1'],
		['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
	])('%s → %s', (input, canonical) => {
		expect(parseIp(input)).toEqual({ canonical, version: 6 });
	});

	it.each([
		'2001:db8::1::1',
		'2001:db8:::1',
		'12345::1',
		'1:2:3:4:5:6:7:8:9',
		'1:2:3:4:5:6:7',
		'1:2:3:4:5:6:7:8::',
		'2001:db8::g',
		'fe80::1%eth0',
		'::1.2.3.4.5',
		':1:2:3:4:5:6:7',
		'1:2:3:4:5:6:7:',
	])('rejects %j', (input) => {
		expect(parseIp(input)).toBeUndefined();
	});
});

describe('parseIp: CIDR', () => {
	it.each([
		['198.51.100.0/24', { canonical: '198.51.100.0/24', version: 4, prefix: 24 }],
		['198.51.100.77/24', { canonical: '198.51.100.0/24', version: 4, prefix: 24 }],
		['10.1.2.3/08', { canonical: '10.0.0.0/8', version: 4, prefix: 8 }],
		['10.1.2.3/0', { canonical: '0.0.0.0/0', version: 4, prefix: 0 }],
		['203.0.113.7/32', { canonical: '203.0.113.7', version: 4 }],
		['2001:DB8:1:2::5/48', { canonical: '2001:db8:1::/48', version: 6, prefix: 48 }],
		['2001:db8::ffff/127', { canonical: '2001:db8::fffe/127', version: 6, prefix: 127 }],
		['2001:db8::1/128', { canonical: '2001:db8::1', version: 6 }],
	])('%s', (input, parsed) => {
		expect(parseIp(input)).toEqual(parsed);
	});

	it.each(['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/a', '10.0.0.0/24/1', '2001:db8::/129', '/24'])(
		'rejects %j',
		(input) => {
			expect(parseIp(input)).toBeUndefined();
		},
	);

	it('every canonical form is accepted by the simulator (a stand-in for Cloudlock validation)', () => {
		const samples = ['010.0.0.1', '2001:0DB8::0001', '198.51.100.77/24', '::ffff:c000:0201'];
		for (const sample of samples) expect(isValidIp(parseIp(sample)!.canonical)).toBe(true);
	});
});

describe('ipKey', () => {
	it('compares addresses, never substrings', () => {
		expect(ipKey('10.0.0.1')).not.toBe(ipKey('10.0.0.10'));
		expect(ipKey('010.0.0.1')).toBe(ipKey('10.0.0.1'));
		expect(ipKey('2001:DB8::1')).toBe(ipKey('2001:db8:0::1'));
	});

	it('keeps unparseable library values as trimmed lower-case text', () => {
		expect(ipKey(' Not-An-IP ')).toBe('not-an-ip');
		expect(ipKey(undefined)).toBe('');
	});
});

describe('splitIpInput', () => {
	it('splits text on commas, semicolons, new lines and spaces', () => {
		expect(splitIpInput('1.1.1.1, 2.2.2.2\n3.3.3.3;4.4.4.4  5.5.5.5\r\n,')).toEqual([
			'1.1.1.1',
			'2.2.2.2',
			'3.3.3.3',
			'4.4.4.4',
			'5.5.5.5',
		]);
	});

	it('flattens arrays and keeps non-text values whole', () => {
		expect(splitIpInput(['1.1.1.1', ['2.2.2.2, 3.3.3.3'], null, 7, { ip: 'x y' }])).toEqual([
			'1.1.1.1',
			'2.2.2.2',
			'3.3.3.3',
			'7',
			'{"ip":"x y"}',
		]);
	});

	it('gives nothing for empty input', () => {
		expect(splitIpInput('')).toEqual([]);
		expect(splitIpInput(undefined)).toEqual([]);
		expect(splitIpInput([])).toEqual([]);
	});
});
