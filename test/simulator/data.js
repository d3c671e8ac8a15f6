'use strict';
/*
 * Deterministic seeded data for the Cisco Cloudlock API simulator.
 *
 * Everything here derives from (seed, now, counts) through small mulberry32 PRNG streams, so
 * the same inputs always give a byte-identical state. Math.random is never used.
 *
 * Time values are handled as integer microseconds since the epoch ("micro"); the formatters turn
 * them into the formats the real API is documented to use.
 */

const DAY_MS = 86400000;
const WINDOW_DAYS = 30;

const DEFAULT_SEED_COUNTS = Object.freeze({
	incidents: 400,
	activities: 300,
	apps: 60,
	entities: 150,
	policies: 12,
	threats: 40,
	suspicious: 30,
	trusted: 10,
});

const VENDORS = ['google', 'office365', 'salesforce', 'box'];
const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL', 'ALERT'];
const STATUSES = ['NEW', 'IN PROGRESS', 'RESOLVED', 'DISMISSED'];
const APP_CLASSIFICATIONS = ['unclassified', 'trusted', 'restricted', 'banned'];
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// ---------------------------------------------------------------------------------------------
// PRNG

function mulberry32(seed) {
	let a = seed >>> 0;
	return function next() {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** FNV-1a over a string, mixed with a numeric seed: derives independent sub-streams. */
function deriveSeed(seed, name) {
	let h = 0x811c9dc5;
	const s = `${seed}:${name}`;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	// final avalanche (murmur3 fmix32)
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b) >>> 0;
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35) >>> 0;
	h ^= h >>> 16;
	return h >>> 0;
}

class Rng {
	constructor(seed) {
		this.next = mulberry32(seed);
	}
	/** integer in [0, n) */
	int(n) {
		return Math.floor(this.next() * n);
	}
	/** integer in [min, max] */
	range(min, max) {
		return min + this.int(max - min + 1);
	}
	chance(p) {
		return this.next() < p;
	}
	pick(arr) {
		return arr[this.int(arr.length)];
	}
	/** pick with weights: [[value, weight], ...] */
	weighted(pairs) {
		let total = 0;
		for (const [, w] of pairs) total += w;
		let r = this.next() * total;
		for (const [v, w] of pairs) {
			r -= w;
			if (r < 0) return v;
		}
		return pairs[pairs.length - 1][0];
	}
	/** distinct subset of size k (order preserved from arr) */
	subset(arr, k) {
		const idx = arr.map((_, i) => i);
		for (let i = idx.length - 1; i > 0; i--) {
			const j = this.int(i + 1);
			[idx[i], idx[j]] = [idx[j], idx[i]];
		}
		return idx
			.slice(0, Math.min(k, arr.length))
			.sort((x, y) => x - y)
			.map((i) => arr[i]);
	}
	hashId(len = 10) {
		let s = '';
		for (let i = 0; i < len; i++) s += ID_ALPHABET[this.int(ID_ALPHABET.length)];
		return s;
	}
	digits(len) {
		let s = String(this.range(1, 9));
		for (let i = 1; i < len; i++) s += String(this.int(10));
		return s;
	}
	hex(len) {
		let s = '';
		for (let i = 0; i < len; i++) s += '0123456789abcdef'[this.int(16)];
		return s;
	}
	uuid() {
		return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${'89ab'[this.int(4)]}${this.hex(3)}-${this.hex(12)}`;
	}
	/** micro timestamp uniformly in [fromMicro, toMicro) */
	micro(fromMicro, toMicro) {
		const span = Math.max(1, toMicro - fromMicro);
		const coarse = Math.floor(this.next() * (span / 1000)) * 1000;
		return Math.min(toMicro - 1, fromMicro + coarse + this.int(1000));
	}
}

// ---------------------------------------------------------------------------------------------
// Timestamps

function pad(n, w = 2) {
	return String(n).padStart(w, '0');
}

function splitMicro(micro) {
	const ms = Math.floor(micro / 1000);
	const d = new Date(ms);
	const frac = micro - Math.floor(micro / 1e6) * 1e6; // micro within the second
	return {
		date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
		time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
		frac,
	};
}

/** 2026-11-30T10:15:02.123456+00:00 (incidents, apps, policies, IP entries, threats) */
function formatMicro(micro) {
	const p = splitMicro(micro);
	return `${p.date}T${p.time}.${pad(p.frac, 6)}+00:00`;
}

/** 2026-11-30T10:15:02.123Z (activities) */
function formatMilliZ(micro) {
	const p = splitMicro(micro);
	return `${p.date}T${p.time}.${pad(Math.floor(p.frac / 1000), 3)}Z`;
}

/** 2026-11-30 10:15:02.123456 (incident-entity ACL created_on: space, no zone) */
function formatSpace(micro) {
	const p = splitMicro(micro);
	return `${p.date} ${p.time}.${pad(p.frac, 6)}`;
}

/** 2026-11-30T10:15:02+00:00 (no fraction) */
function formatSeconds(micro) {
	const p = splitMicro(micro);
	return `${p.date}T${p.time}+00:00`;
}

const TS_RE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Parse any timestamp format the API is known to use or accept. Zone-less values are UTC.
 * Returns integer microseconds since the epoch, or null if the value is not a valid timestamp.
 */
function parseTimestamp(value) {
	if (typeof value !== 'string') return null;
	const m = TS_RE.exec(value);
	if (!m) return null;
	const year = Number(m[1]);
	const month = Number(m[2]);
	const day = Number(m[3]);
	const hour = m[4] === undefined ? 0 : Number(m[4]);
	const minute = m[5] === undefined ? 0 : Number(m[5]);
	const second = m[6] === undefined ? 0 : Number(m[6]);
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (day > daysInMonth) return null;
	let micro = Date.UTC(year, month - 1, day, hour, minute, second) * 1000;
	if (m[7] !== undefined) micro += Number(m[7].slice(0, 6).padEnd(6, '0'));
	const zone = m[8];
	if (zone && zone !== 'Z' && zone !== 'z') {
		const sign = zone[0] === '-' ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		const oh = Number(digits.slice(0, 2));
		const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
		if (oh > 23 || om > 59) return null;
		micro -= sign * (oh * 60 + om) * 60 * 1e6;
	}
	return micro;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const FIRST_NAMES = [
	'Alice',
	'Bruno',
	'Chen',
	'Dana',
	'Elif',
	'Farid',
	'Grace',
	'Hiro',
	'Ines',
	'Jonas',
	'Kavya',
	'Liam',
	'Maya',
	'Noah',
	'Olga',
	'Priya',
	'Quinn',
	'Rosa',
	'Sami',
	'Tariq',
];
const LAST_NAMES = [
	'Nguyen',
	'Silva',
	'Wang',
	'Levi',
	'Yilmaz',
	'Haddad',
	'Okafor',
	'Tanaka',
	'Moreau',
	'Berg',
	'Iyer',
	'Walsh',
	'Cohen',
	'Fischer',
	'Petrova',
	'Rao',
	'Doyle',
	'Garcia',
	'Kim',
	'Aziz',
];
const DOMAIN = 'example.com';

const LOCATIONS = [
	{
		lat: 38,
		lng: -97,
		country: { code: 'US', name: 'United States' },
		region: { code: '', name: '' },
		city: '',
	},
	{
		lat: 41.14,
		lng: -73.26,
		country: { code: 'US', name: 'United States' },
		region: { code: 'CT', name: 'Connecticut' },
		city: 'Fairfield',
	},
	{
		lat: 51.8,
		lng: -0.35,
		country: { code: 'GB', name: 'United Kingdom' },
		region: { code: 'F8', name: 'Hertford' },
		city: 'Harpenden',
	},
	{
		lat: 52.52,
		lng: 13.4,
		country: { code: 'DE', name: 'Germany' },
		region: { code: 'BE', name: 'Berlin' },
		city: 'Berlin',
	},
	{
		lat: 35.69,
		lng: 139.69,
		country: { code: 'JP', name: 'Japan' },
		region: { code: '13', name: 'Tokyo' },
		city: 'Tokyo',
	},
	{
		lat: -23.55,
		lng: -46.63,
		country: { code: 'BR', name: 'Brazil' },
		region: { code: 'SP', name: 'Sao Paulo' },
		city: 'Sao Paulo',
	},
	{
		lat: 32.08,
		lng: 34.78,
		country: { code: 'IL', name: 'Israel' },
		region: { code: 'TA', name: 'Tel Aviv' },
		city: 'Tel Aviv',
	},
	{
		lat: 12.97,
		lng: 77.59,
		country: { code: 'IN', name: 'India' },
		region: { code: 'KA', name: 'Karnataka' },
		city: 'Bengaluru',
	},
	{
		lat: 6.52,
		lng: 3.38,
		country: { code: 'NG', name: 'Nigeria' },
		region: { code: 'LA', name: 'Lagos' },
		city: 'Lagos',
	},
	{
		lat: 55.75,
		lng: 37.62,
		country: { code: 'RU', name: 'Russia' },
		region: { code: 'MOW', name: 'Moscow' },
		city: 'Moscow',
	},
];

const POLICY_TEMPLATES = [
	{ name: 'Social Security Number', policy_type: 'predefined', severity: 'CRITICAL', kind: 'ssn' },
	{ name: 'PCI', policy_type: 'predefined', severity: 'ALERT', kind: 'pci' },
	{ name: 'Custom Regex', policy_type: 'Custom Regex', severity: 'WARNING', kind: 'regex' },
	{
		name: 'Confidential/Password Regular Expression',
		policy_type: 'Custom Regex',
		severity: 'WARNING',
		kind: 'password',
	},
	{
		name: 'Suspicious login location',
		policy_type: 'Event Analysis',
		severity: 'ALERT',
		kind: 'ueba',
	},
	{ name: 'Publicly shared files', policy_type: 'Context Only', severity: 'INFO', kind: 'context' },
	{ name: 'HIPAA', policy_type: 'predefined', severity: 'CRITICAL', kind: 'hipaa' },
	{ name: 'Credit Card Number', policy_type: 'predefined', severity: 'CRITICAL', kind: 'pci' },
	{ name: 'Impossible travel', policy_type: 'Event Analysis', severity: 'CRITICAL', kind: 'ueba' },
	{ name: 'Source Code', policy_type: 'predefined', severity: 'WARNING', kind: 'regex' },
	{
		name: 'Externally shared sensitive data',
		policy_type: 'Context Only',
		severity: 'WARNING',
		kind: 'context',
	},
	{ name: 'IBAN', policy_type: 'predefined', severity: 'INFO', kind: 'iban' },
];

const MATCH_SAMPLES = {
	ssn: { text: 'XXX-XX-7502', before: 'Employee SSN: ', after: ' (payroll)' },
	pci: {
		text: 'XXXXXXXXXXXX6966',
		before: 'ard number on an old invoice',
		after: ' can we use this on the up',
	},
	regex: { text: 'AKIAXXXXXXXXXXXX', before: 'aws_access_key_id = ', after: '' },
	password: { text: 'Confidential', before: 'Subject: ', after: ' - do not forward' },
	hipaa: { text: 'XXXX-MRN-4411', before: 'Patient record ', after: ' diagnosis attached' },
	iban: { text: 'DE89XXXXXXXXXXXXXX3000', before: 'Please wire to ', after: ' by Friday' },
};

const FIELD_NAMES = ['Body', 'Description', 'Content', 'Title', 'Comment'];

const ENTITY_KINDS = {
	google: [
		{
			origin_type: 'document',
			asset_type: 'google_document',
			mime: 'application/vnd.google-apps.document',
			label: 'Document',
			ext: '',
		},
		{
			origin_type: 'document',
			asset_type: 'google_spreadsheet',
			mime: 'application/vnd.google-apps.spreadsheet',
			label: 'Spreadsheet',
			ext: '',
		},
		{
			origin_type: 'document',
			asset_type: 'google_presentation',
			mime: 'application/vnd.google-apps.presentation',
			label: 'Presentation',
			ext: '',
		},
		{
			origin_type: 'document',
			asset_type: 'pdf',
			mime: 'application/pdf',
			label: 'File',
			ext: '.pdf',
		},
		{ origin_type: 'site', asset_type: 'google_site', mime: '', label: 'Site', ext: '' },
		{
			origin_type: 'folder',
			asset_type: 'folder',
			mime: 'application/vnd.google-apps.folder',
			label: 'Folder',
			ext: '',
		},
	],
	office365: [
		{
			origin_type: 'document',
			asset_type: 'non_native_file',
			mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			label: 'File',
			ext: '.xlsx',
		},
		{
			origin_type: 'document',
			asset_type: 'non_native_file',
			mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			label: 'File',
			ext: '.docx',
		},
		{ origin_type: 'folder', asset_type: 'folder', mime: '', label: 'Folder', ext: '' },
	],
	box: [
		{
			origin_type: 'document',
			asset_type: 'pdf',
			mime: 'application/pdf',
			label: 'File',
			ext: '.pdf',
		},
		{
			origin_type: 'document',
			asset_type: 'non_native_file',
			mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			label: 'File',
			ext: '.xlsx',
		},
		{ origin_type: 'folder', asset_type: 'folder', mime: '', label: 'Folder', ext: '' },
	],
	salesforce: [
		{
			origin_type: 'document',
			asset_type: 'non_native_file',
			mime: '',
			label: 'Feed Item',
			plural: 'Feed Items',
			ext: '',
		},
		{
			origin_type: 'document',
			asset_type: 'non_native_file',
			mime: '',
			label: 'Lead',
			plural: 'Leads',
			ext: '',
		},
		{
			origin_type: 'document',
			asset_type: 'non_native_file',
			mime: 'application/pdf',
			label: 'Attachment',
			plural: 'Attachments',
			ext: '.pdf',
		},
	],
};

const FILE_WORDS = [
	'Q3 forecast',
	'Payroll export',
	'Customer list',
	'Logins for EC2 Instances',
	'Board deck',
	'Vendor contracts',
	'Onboarding checklist',
	'Incident postmortem',
	'Pricing model',
	'Patient intake',
	'Roadmap 2027',
	'Expense report',
	'Salary bands',
	'Design review',
	'Wire instructions',
];

const EXPOSURES = [
	'public',
	'externally_shared',
	'organization_wide',
	'internally_shared',
	'private',
];

const APP_NAMES = [
	'Cloudlock',
	'Balsamiq Mockups 3 for Google Drive',
	'Slack',
	'Zoom',
	'Trello',
	'DocuSign',
	'Lucidchart',
	'Grammarly',
	'Calendly',
	'Dropbox',
	'Smartsheet',
	'Asana',
	'Miro',
	'Notion',
	'HubSpot',
	'Mailchimp',
	'GitHub',
	'Jira Cloud',
	'Zapier',
	'PDF Converter Pro',
];
const APP_CATEGORIES = ['CIT', 'Productivity', 'Collaboration', 'Developer Tools', 'Marketing', ''];
const SCOPE_CATEGORIES = [
	{ category_id: 'FDATA', title: 'Full data access' },
	{ category_id: 'BINFO', title: 'Basic information' },
	{ category_id: 'LACES', title: 'Limited access to data and files' },
	{ category_id: 'PINFO', title: 'Payment information' },
	{ category_id: 'INBOX', title: 'Inbox and contacts access' },
];
const SCOPES_BY_CATEGORY = {
	FDATA: [
		{
			friendly_name: 'Google Drive API',
			description: 'View and manage the files in your Google Drive',
			url: 'https://www.googleapis.com/auth/drive',
		},
		{
			friendly_name: 'Gmail API',
			description: 'Read, compose, send and permanently delete all your email',
			url: 'https://mail.google.com/',
		},
	],
	BINFO: [
		{
			friendly_name: 'Userinfo - Email',
			description: 'View your email address',
			url: 'https://www.googleapis.com/auth/userinfo.email',
		},
		{
			friendly_name: 'Userinfo - Profile',
			description: 'See your personal info',
			url: 'https://www.googleapis.com/auth/userinfo.profile',
		},
	],
	LACES: [
		{
			friendly_name: 'Google+ API: Moments',
			description: 'Insert moments to a Google+ profile.',
			url: 'https://www.googleapis.com/auth/plus.moments.write',
		},
		{
			friendly_name: 'Drive - per file',
			description:
				'View and manage Google Drive files that you have opened or created with this app',
			url: 'https://www.googleapis.com/auth/drive.file',
		},
	],
	PINFO: [
		{
			friendly_name: 'Payments',
			description: 'View your payment methods',
			url: 'https://www.googleapis.com/auth/payments.read',
		},
	],
	INBOX: [
		{
			friendly_name: 'Contacts',
			description: 'See and download your contacts',
			url: 'https://www.googleapis.com/auth/contacts.readonly',
		},
	],
};

const CLASSIFICATION_REASONS = [
	{ id: 1, reason: 'Business need' },
	{ id: 2, reason: 'Approved by security team' },
	{ id: 3, reason: 'Excessive permissions' },
	{ id: 4, reason: 'Internal reason' },
	{ id: 5, reason: 'Other' },
];

const THREAT_RISKS = [
	'Account Compromise',
	'Data Exfiltration',
	'Insider Threat',
	'Compromised Credentials',
];
const THREAT_DESCRIPTIONS = [
	'Login from an unusual location followed by a mass download',
	'Multiple failed logins followed by a successful login',
	'Impossible travel between two logins',
	'Large number of files shared externally in a short time',
	'Login from a suspicious IP address',
];

const SUSPICIOUS_CATEGORIES = [
	'TOR network',
	'Malicious',
	'Botnet',
	'Scanner',
	'Proxy',
	'Phishing',
];
const SUSPICIOUS_LOCATIONS = [
	'United States Fairfield',
	'Germany Berlin',
	'Russia Moscow',
	'Brazil Sao Paulo',
	'Nigeria Lagos',
	'',
];
const TRUSTED_NAMES = [
	'HQ office',
	'Branch office',
	'VPN egress',
	'Data center',
	'Partner network',
];

const USER_AGENTS = [
	'',
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
	'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
	'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0)',
];

const ACTIVITY_SERVICES = {
	google: [
		{ service: 'auth', category: 'auth', types: ['login', 'login', 'other'] },
		{ service: 'drive', category: 'data', types: ['other', 'other', 'user_settings'] },
		{ service: 'admin', category: 'admin', types: ['user_settings'] },
	],
	office365: [
		{ service: 'AzureActiveDirectory', category: 'auth', types: ['login', 'login', 'other'] },
		{ service: 'SharePoint', category: 'data', types: ['other'] },
	],
	salesforce: [
		{ service: 'LoginHistory', category: 'auth', types: ['login'] },
		{ service: 'EventLog', category: 'data', types: ['other', 'user_settings'] },
	],
	box: [{ service: 'events', category: 'auth', types: ['login', 'other'] }],
};

// ---------------------------------------------------------------------------------------------
// IP helpers (documentation ranges only)

function ipv4(rng) {
	const prefix = rng.pick(['192.0.2', '198.51.100', '203.0.113']);
	return `${prefix}.${rng.range(1, 254)}`;
}

function ipv6(rng) {
	return `2001:db8:${rng.hex(1 + rng.int(4)).replace(/^0+(?=.)/, '')}::${rng.hex(1 + rng.int(4)).replace(/^0+(?=.)/, '')}`;
}

function anyIp(rng) {
	return rng.chance(0.1) ? ipv6(rng) : ipv4(rng);
}

// ---------------------------------------------------------------------------------------------
// Builders

function makeUsers(rng) {
	const users = [];
	for (let i = 0; i < FIRST_NAMES.length; i++) {
		const first = FIRST_NAMES[i];
		const last = LAST_NAMES[(i * 7) % LAST_NAMES.length];
		users.push({
			email: `${first.toLowerCase()}.${last.toLowerCase()}@${DOMAIN}`,
			name: `${first} ${last}`,
			vendor_id: rng.digits(21),
		});
	}
	return users;
}

function makePolicy(rng, i, windowStart, nowMicro) {
	const tpl =
		i < POLICY_TEMPLATES.length
			? POLICY_TEMPLATES[i]
			: {
					name: `Custom policy ${i + 1}`,
					policy_type: 'Custom Regex',
					severity: rng.pick(SEVERITIES),
					kind: 'regex',
				};
	const created = rng.micro(windowStart - 400 * DAY_MS * 1000, windowStart);
	const updated = rng.chance(0.5) ? created : rng.micro(created, nowMicro);
	return {
		id: rng.hashId(),
		name: tpl.name,
		description: rng.chance(0.3) ? null : `Detects ${tpl.name.toLowerCase()}`,
		state:
			i === 2 || i === 9 || (i >= POLICY_TEMPLATES.length && rng.chance(0.3))
				? 'INACTIVE'
				: 'ACTIVE',
		policy_type: tpl.policy_type,
		actions_attached: rng.chance(0.4),
		created_at: formatMicro(created),
		updated_at: formatMicro(updated),
		severity: tpl.severity,
	};
}

function policyKind(policy) {
	const tpl = POLICY_TEMPLATES.find((t) => t.name === policy.name);
	if (tpl) return tpl.kind;
	return policy.policy_type === 'Event Analysis'
		? 'ueba'
		: policy.policy_type === 'Context Only'
			? 'context'
			: 'regex';
}

function isUebaPolicy(policy) {
	return policy.policy_type === 'Event Analysis';
}

function makeEntity(rng, users, windowStart, nowMicro) {
	const vendor = rng.pick(VENDORS);
	const kind = rng.pick(ENTITY_KINDS[vendor]);
	const owner = rng.pick(users);
	const base = rng.pick(FILE_WORDS);
	const name =
		vendor === 'salesforce'
			? `${kind.label} by ${owner.name}`
			: kind.origin_type === 'folder'
				? base
				: `${base}${kind.ext}`;
	const originId =
		vendor === 'google'
			? `1${rng.hashId(32)}`
			: vendor === 'salesforce'
				? `0D5i${rng.hashId(14)}`
				: vendor === 'box'
					? rng.digits(12)
					: `01${rng.hashId(30).toUpperCase()}`;
	const directUrl =
		vendor === 'google'
			? `https://docs.google.com/a/${DOMAIN}/document/d/${originId}/edit?usp=drivesdk`
			: vendor === 'salesforce'
				? `https://na15.salesforce.com/${originId}`
				: vendor === 'box'
					? `https://app.box.com/${kind.origin_type === 'folder' ? 'folder' : 'file'}/${originId}`
					: `https://example.sharepoint.com/sites/shared/${originId}`;
	const created = rng.micro(windowStart - 300 * DAY_MS * 1000, nowMicro);
	const updated = rng.chance(0.3) ? created : rng.micro(Math.max(created, windowStart), nowMicro);
	const exposure = rng.weighted([
		['public', 1],
		['externally_shared', 2],
		['organization_wide', 2],
		['internally_shared', 3],
		['private', 3],
	]);
	const collaborators = [];
	const nColl = exposure === 'private' ? 0 : rng.range(1, 4);
	for (let c = 0; c < nColl; c++) {
		const u = rng.pick(users);
		if (u.email === owner.email || collaborators.some((x) => x.value === u.email)) continue;
		collaborators.push({
			name: u.name,
			type: 'user',
			role: rng.pick(['reader', 'writer', 'commenter']),
			value: u.email,
		});
	}
	if (exposure === 'public')
		collaborators.push({
			name: 'Anyone with the link',
			type: 'anyone',
			role: 'reader',
			value: 'anyoneWithLink',
		});
	if (exposure === 'externally_shared')
		collaborators.push({
			name: 'Partner',
			type: 'user',
			role: 'reader',
			value: `partner${rng.int(90) + 10}@example.net`,
		});
	if (exposure === 'organization_wide')
		collaborators.push({ name: DOMAIN, type: 'domain', role: 'reader', value: DOMAIN });
	const entity = {
		id: rng.hashId(),
		vendor: { name: vendor },
		origin_id: originId,
		origin_type: kind.origin_type,
		asset_type: kind.asset_type,
		owners: [{ type: 'user', role: 'owner', value: owner.email }],
		mime_type: kind.mime,
		exposure,
		collaborators_count: collaborators.length,
		name,
		size: kind.origin_type === 'folder' ? 0 : rng.range(1024, 25 * 1024 * 1024),
		updated_at: formatMicro(updated),
		created_at: formatMicro(created),
		direct_url: directUrl,
		collaborators,
	};
	// Not part of the API object: kept in a side table to build incident references.
	return {
		entity,
		meta: {
			ownerName: owner.name,
			ownerVendorId: owner.vendor_id,
			label: kind.label,
			plural: kind.plural || `${kind.label}s`,
		},
	};
}

function incidentEntityRefFromEntity(entity, meta) {
	const owner = entity.owners[0] ? entity.owners[0].value : '';
	return {
		id: entity.id,
		name: entity.name,
		mime_type: entity.mime_type,
		direct_url: entity.direct_url,
		origin_id: entity.origin_id,
		origin_type: entity.origin_type,
		owner_email: owner,
		owner_name: meta.ownerName,
		vendor: { name: entity.vendor.name },
		extra: { origin_type_label: meta.label, origin_type_label_plural: meta.plural },
	};
}

function makeIncidentEntityDetail(rng, entity, meta, scannedMicro) {
	const vendor = entity.vendor.name;
	const owner = entity.owners[0] ? entity.owners[0].value : '';
	const acl = [];
	const aclTime = () => formatSpace(rng.micro(scannedMicro - 60 * DAY_MS * 1000, scannedMicro));
	acl.push({
		id: rng.digits(4),
		value: owner,
		role: 'owner',
		type: 'user',
		status: 'ACTIVE',
		created_on: aclTime(),
		vendor: { name: vendor },
		origin_id: meta.ownerVendorId,
	});
	for (const c of entity.collaborators || []) {
		const isLink = c.type === 'anyone';
		acl.push({
			id: rng.digits(4),
			value: isLink ? 'public_with_link' : c.value,
			role: isLink ? 'viewer' : c.role,
			type: isLink ? 'public_with_link' : c.type,
			status: 'ACTIVE',
			created_on: aclTime(),
			vendor: { name: vendor },
			origin_id: isLink ? null : rng.digits(9),
		});
	}
	return {
		id: entity.id,
		name: entity.name,
		mime_type: entity.mime_type,
		user: owner,
		owner_name: meta.ownerName,
		owner_vendor_id: meta.ownerVendorId,
		acl: acl.slice(0, 100),
		created_at: rng.chance(0.4) ? null : formatSeconds(parseTimestamp(entity.created_at)),
		updated_at: formatSeconds(scannedMicro),
		entity_status: 'VALID',
		origin_id: entity.origin_id,
		origin_type: entity.origin_type,
		origin_subtype: entity.origin_type === 'activity' ? 'event' : entity.asset_type || '',
	};
}

function makeActivity(rng, users, micro, opts = {}) {
	const vendor = opts.vendor || rng.pick(VENDORS);
	const svc = opts.service
		? ACTIVITY_SERVICES[vendor].find((s) => s.service === opts.service) ||
			ACTIVITY_SERVICES[vendor][0]
		: opts.login
			? ACTIVITY_SERVICES[vendor].find((s) => s.category === 'auth')
			: rng.pick(ACTIVITY_SERVICES[vendor]);
	const eventType = opts.login ? 'login' : rng.pick(svc.types);
	const user = rng.pick(users);
	const originId =
		vendor === 'google' ? `${rng.chance(0.6) ? '-' : ''}${rng.digits(19)}` : rng.uuid();
	const eventId = `${originId}#0`;
	const ip = eventType !== 'login' && rng.chance(0.08) ? '' : anyIp(rng);
	const loc = ip ? rng.pick(LOCATIONS) : LOCATIONS[0];
	const createdAt = formatMilliZ(micro);
	const isAuth = svc.category === 'auth';
	const raw =
		vendor === 'google'
			? {
					kind: 'admin#reports#activity',
					id: {
						time: createdAt,
						uniqueQualifier: originId,
						applicationName: svc.service === 'auth' ? 'login' : svc.service,
					},
					actor: { email: user.email, profileId: user.vendor_id },
					ipAddress: ip,
				}
			: {
					source: vendor,
					service: svc.service,
					id: originId,
					actor: user.email,
					ip,
					timestamp: createdAt,
				};
	return {
		event_id: eventId,
		client_ip: ip,
		event_type: eventType,
		created_at: createdAt,
		operation_successful: eventType === 'login' ? !rng.chance(0.15) : true,
		client_location: JSON.parse(JSON.stringify(loc)),
		event_category: svc.category,
		origin_id: originId,
		user: { vendor_id: user.vendor_id, user_email: user.email },
		user_agent: rng.pick(USER_AGENTS),
		vendor: { name: vendor, service: svc.service },
		extra: isAuth
			? { auth: { auth_type: '', is_suspicious: rng.pick([null, false, false, true]) } }
			: {},
		raw,
	};
}

function activityCompositeId(a) {
	return `${a.vendor && a.vendor.name}:${a.vendor && a.vendor.service}:${a.event_id}`;
}

function uebaEntityRef(rng, activity, users) {
	const user = users.find((u) => u.email === activity.user.user_email) || { name: '' };
	const composite = activityCompositeId(activity);
	return {
		id: rng.hashId(),
		name: `Login by ${activity.user.user_email} from ${activity.client_ip}`,
		mime_type: '',
		direct_url: '',
		origin_id: composite,
		origin_type: 'activity',
		owner_email: activity.user.user_email,
		owner_name: user.name,
		vendor: { name: activity.vendor.name },
		ip: activity.client_ip,
		extra: { origin_type_label: 'Activity', origin_type_label_plural: 'Activities' },
	};
}

function uebaEntityDetail(ref, activity, users) {
	const user = users.find((u) => u.email === ref.owner_email) || { vendor_id: '' };
	return {
		id: ref.id,
		name: ref.name,
		mime_type: '',
		user: ref.owner_email,
		owner_name: ref.owner_name,
		owner_vendor_id: user.vendor_id,
		acl: [],
		created_at: null,
		updated_at: activity ? formatSeconds(parseTimestamp(activity.created_at)) : null,
		entity_status: 'VALID',
		origin_id: ref.origin_id,
		origin_type: 'activity',
		origin_subtype: 'event',
	};
}

function makeMatches(rng, kind, micro) {
	const sample = MATCH_SAMPLES[kind];
	if (!sample) return [];
	const n = rng.weighted([
		[1, 6],
		[2, 3],
		[3, 1],
	]);
	const out = [];
	for (let i = 0; i < n; i++) {
		out.push({
			created_at: formatMicro(micro),
			ctx_before: sample.before,
			ctx_after: sample.after,
			field_name: rng.pick(FIELD_NAMES),
			policy_criteria: { id: String(rng.range(1, 60)) },
			text: sample.text,
		});
	}
	return out;
}

/**
 * Build one incident. ctx = { users, policies, entityPool: [{ref, detail}], loginActivities }.
 * Returns { incident, detail } where detail is a new incident-entity detail (UEBA) or null.
 */
function buildIncident(rng, ctx, id, createdMicro, updatedMicro, forced = {}) {
	const policies = ctx.policies;
	let policy =
		forced.policy ||
		(policies.length
			? rng.pick(policies)
			: { id: '', name: '', severity: 'INFO', policy_type: '' });
	let ueba = isUebaPolicy(policy);
	if (ueba && !ctx.loginActivities.length) {
		const alt = policies.filter((p) => !isUebaPolicy(p));
		if (alt.length) policy = rng.pick(alt);
		ueba = isUebaPolicy(policy);
	}
	const severity =
		rng.chance(0.7) && SEVERITIES.includes(policy.severity)
			? policy.severity
			: rng.pick(SEVERITIES);
	const status = rng.weighted([
		['NEW', 45],
		['IN PROGRESS', 20],
		['RESOLVED', 25],
		['DISMISSED', 10],
	]);
	let entity;
	let detail = null;
	let matches;
	if (ueba && ctx.loginActivities.length) {
		// choose a login activity that happened before the incident when possible
		const cutoff = createdMicro;
		const before = ctx.loginActivities.filter((a) => a.micro <= cutoff);
		const chosen = (before.length ? rng.pick(before.slice(-25)) : rng.pick(ctx.loginActivities))
			.activity;
		entity = uebaEntityRef(rng, chosen, ctx.users);
		detail = uebaEntityDetail(entity, chosen, ctx.users);
		matches = [
			{
				created_at: formatMicro(createdMicro),
				ctx_before: '',
				ctx_after: '',
				field_name: 'client_ip',
				policy_criteria: { id: String(rng.range(1, 60)) },
				text: chosen.client_ip,
			},
		];
	} else if (ctx.entityPool.length) {
		const pooled = rng.pick(ctx.entityPool);
		entity = JSON.parse(JSON.stringify(pooled.ref));
		matches = makeMatches(rng, policyKind(policy), createdMicro);
	} else {
		entity = {
			id: rng.hashId(),
			name: 'Untitled document',
			mime_type: '',
			direct_url: '',
			origin_id: rng.hashId(20),
			origin_type: 'document',
			owner_email: '',
			owner_name: '',
			vendor: { name: rng.pick(VENDORS) },
			extra: { origin_type_label: 'File', origin_type_label_plural: 'Files' },
		};
		matches = makeMatches(rng, policyKind(policy), createdMicro);
	}
	const incident = {
		id: String(id),
		created_at: formatMicro(createdMicro),
		updated_at: formatMicro(updatedMicro),
		customer_key: rng.chance(0.15) ? `EXT-${rng.range(1000, 9999)}` : '',
		incident_status: status,
		severity,
		match_count: matches.length,
		extra: [],
		entity,
		policy: { id: policy.id, name: policy.name },
		matches,
		incident_type: ueba ? 'UEBA' : 'COMPLIANCE',
	};
	return { incident, detail };
}

function makeApp(rng, i, windowStart, nowMicro, users) {
	const vendor = rng.weighted([
		['google', 5],
		['office365', 3],
		['salesforce', 1],
		['box', 1],
	]);
	const baseName = APP_NAMES[i % APP_NAMES.length];
	const name =
		i < APP_NAMES.length ? baseName : `${baseName} ${Math.floor(i / APP_NAMES.length) + 1}`;
	const id = rng.hashId();
	const originId =
		vendor === 'google'
			? `${rng.digits(12)}-${rng.hex(32).replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)])}.apps.googleusercontent.com`
			: rng.uuid();
	const classType = rng.weighted([
		['unclassified', 6],
		['trusted', 2],
		['restricted', 1],
		['banned', 1],
	]);
	const detected = rng.micro(windowStart, nowMicro);
	const classification =
		classType === 'unclassified'
			? { type: 'unclassified', method: '', reason: '', updated_at: '' }
			: (() => {
					const r = rng.pick(CLASSIFICATION_REASONS);
					return {
						type: classType,
						method: rng.pick(['manual', 'policy']),
						reason: r.reason,
						reason_id: r.id,
						updated_at: formatMicro(rng.micro(detected, nowMicro)),
					};
				})();
	const cats = rng.subset(SCOPE_CATEGORIES, rng.range(1, 3));
	const allUninstalled = rng.chance(0.15);
	const nInstalls = rng.range(1, 6);
	const installs = [];
	let admins = 0;
	const installType = rng.chance(0.25) ? 'domain_wide' : 'user';
	const appInner = {
		id,
		name,
		vendor: { name: vendor },
		trust_rating: rng.chance(0.3) ? null : rng.range(0, 100),
		category: rng.pick(APP_CATEGORIES),
		install_type: installType,
		is_revokable: rng.chance(0.85),
		origin_id: originId,
	};
	for (let k = 0; k < nInstalls; k++) {
		const u = rng.pick(users);
		const [given, family] = u.name.split(' ');
		const state = allUninstalled || rng.chance(0.15) ? 'not_installed' : 'installed';
		const isAdmin = rng.chance(0.15);
		if (isAdmin && state === 'installed') admins++;
		installs.push({
			app: {
				id,
				install_type: installType,
				name,
				origin_id: originId,
				access_risk: rng.range(1, 3),
				is_revokable: appInner.is_revokable,
				category: appInner.category,
				client_type: rng.pick(['native', 'not_native']),
				risk_level: rng.range(1, 3),
				trust_rating: appInner.trust_rating,
			},
			vendor: { name: vendor },
			detection_date: formatMicro(rng.micro(detected, nowMicro)),
			domain: DOMAIN,
			family_name: family,
			given_name: given,
			scope_id: Number(rng.digits(8)),
			scope_type: 'user',
			scope_value: u.email,
			state,
		});
	}
	const usersCount = installs.filter((x) => x.state === 'installed').length;
	const scopes = [];
	for (const c of cats) {
		for (const s of rng.subset(
			SCOPES_BY_CATEGORY[c.category_id],
			rng.range(1, SCOPES_BY_CATEGORY[c.category_id].length),
		)) {
			scopes.push({
				category: { id: c.category_id, title: c.title },
				description: s.description,
				friendly_name: s.friendly_name,
				id: rng.hashId(),
				url: s.url,
			});
		}
	}
	const app = {
		id,
		app: appInner,
		classification,
		scope_categories: cats.map((c) => ({ category_id: c.category_id, title: c.title })),
		detected_at: formatMicro(detected),
		users_count: usersCount,
		admins_count: admins,
	};
	return { app, installs, scopes };
}

function makeThreat(rng, users, windowStart, nowMicro) {
	const detected = rng.micro(windowStart, nowMicro);
	const start = rng.micro(
		Math.max(windowStart - 2 * DAY_MS * 1000, detected - 3 * DAY_MS * 1000),
		detected,
	);
	const nUsers = rng.range(1, 2);
	const locs = rng.subset(LOCATIONS.slice(1), rng.range(1, 3));
	return {
		id: rng.hashId(),
		description: rng.pick(THREAT_DESCRIPTIONS),
		event_count: rng.range(2, 400),
		threat_risk: rng.pick(THREAT_RISKS),
		platforms: rng.subset(VENDORS, rng.range(1, 2)),
		users: rng.subset(users, nUsers).map((u) => u.email),
		status: rng.chance(0.7) ? 'Active' : 'Dismissed',
		locations: locs.map((l) => `${l.city}, ${l.country.name}`),
		start_time: formatMicro(start),
		end_time: formatMicro(detected),
		detected_at: formatMicro(detected),
	};
}

function makeIpEntry(rng, type, i, windowStart, nowMicro) {
	const created = rng.micro(windowStart, nowMicro);
	const updated = rng.chance(0.6) ? created : rng.micro(created, nowMicro);
	if (type === 'suspicious') {
		return {
			pk: rng.hashId(),
			type: 'suspicious',
			name: `${rng.pick(['TOR exit', 'Scanner', 'Botnet node', 'Phishing host', 'Proxy'])} ${i + 1}`,
			ip_address: anyIp(rng),
			description: rng.pick([
				'TOR network exit point',
				'Seen in brute-force attempts',
				'Threat intel feed',
				'',
			]),
			categories: rng.subset(SUSPICIOUS_CATEGORIES, rng.range(1, 2)),
			location: rng.pick(SUSPICIOUS_LOCATIONS),
			updated_on: formatMicro(updated),
			created_on: formatMicro(created),
			expires_on: rng.chance(0.2)
				? null
				: formatMicro(created + rng.range(30, 180) * DAY_MS * 1000),
		};
	}
	return {
		pk: rng.hashId(),
		type: 'trusted',
		name: `${rng.pick(TRUSTED_NAMES)} ${i + 1}`,
		ip_address: ipv4(rng),
		description: rng.pick(['trusted', 'Corporate egress', 'Managed VPN', '']),
		categories: rng.subset(['offices', 'locations', 'vpn', 'partners'], rng.range(1, 2)),
		location: rng.pick(['Regional Office', 'Headquarters', '']),
		updated_on: formatMicro(updated),
		created_on: formatMicro(created),
		expires_on: null,
	};
}

// ---------------------------------------------------------------------------------------------
// Whole state

/**
 * Generate a complete state. now = anchor in ms; counts = partial seed counts.
 */
function generateState({ seed = 1, now = Date.now(), counts = {} } = {}) {
	const c = { ...DEFAULT_SEED_COUNTS, ...counts };
	const nowMicro = Math.floor(now) * 1000;
	const windowStart = nowMicro - WINDOW_DAYS * DAY_MS * 1000;
	const r = (name) => new Rng(deriveSeed(seed, name));

	const users = makeUsers(r('users'));

	const rp = r('policies');
	const policies = [];
	for (let i = 0; i < c.policies; i++) policies.push(makePolicy(rp, i, windowStart, nowMicro));

	const re = r('entities');
	const entities = [];
	const entityPool = [];
	const incidentEntities = [];
	for (let i = 0; i < c.entities; i++) {
		const { entity, meta } = makeEntity(re, users, windowStart, nowMicro);
		entities.push(entity);
		entityPool.push({ ref: incidentEntityRefFromEntity(entity, meta), meta });
		const scanned = re.micro(
			Math.max(parseTimestamp(entity.updated_at), nowMicro - 3 * DAY_MS * 1000),
			nowMicro,
		);
		incidentEntities.push(makeIncidentEntityDetail(re, entity, meta, scanned));
	}

	const ra = r('activities');
	const actTimes = [];
	for (let i = 0; i < c.activities; i++) actTimes.push(ra.micro(windowStart, nowMicro));
	actTimes.sort((x, y) => x - y);
	const activities = [];
	for (let i = 0; i < actTimes.length; i++) {
		// roughly a third are logins so UEBA incidents have something to point at
		activities.push(makeActivity(ra, users, actTimes[i], { login: ra.chance(0.35) }));
	}
	const loginActivities = activities
		.map((a, i) => ({ activity: a, micro: actTimes[i] }))
		.filter((x) => x.activity.event_type === 'login' && x.activity.client_ip);

	const ri = r('incidents');
	const times = [];
	for (let i = 0; i < c.incidents; i++) times.push(ri.micro(windowStart, nowMicro));
	times.sort((x, y) => x - y);
	// about 6% of incidents share the created_at of their predecessor (ties are real life)
	for (let i = 1; i < times.length; i++) if (ri.chance(0.06)) times[i] = times[i - 1];
	const ctx = { users, policies, entityPool, loginActivities };
	const incidents = [];
	const firstId = 320831601;
	for (let i = 0; i < times.length; i++) {
		const created = times[i];
		const updated = ri.chance(0.45) ? created : ri.micro(created, nowMicro);
		const { incident, detail } = buildIncident(ri, ctx, firstId + i, created, updated);
		incidents.push(incident);
		if (detail) incidentEntities.push(detail);
	}

	const rap = r('apps');
	const apps = [];
	const appInstalls = {};
	const appScopes = {};
	for (let i = 0; i < c.apps; i++) {
		const { app, installs, scopes } = makeApp(rap, i, windowStart, nowMicro, users);
		apps.push(app);
		appInstalls[app.id] = installs;
		appScopes[app.id] = scopes;
	}

	const rt = r('threats');
	const threats = [];
	for (let i = 0; i < c.threats; i++) threats.push(makeThreat(rt, users, windowStart, nowMicro));
	threats.sort((x, y) =>
		x.detected_at < y.detected_at ? -1 : x.detected_at > y.detected_at ? 1 : 0,
	);

	const rs = r('suspicious');
	const suspicious = [];
	for (let i = 0; i < c.suspicious; i++)
		suspicious.push(makeIpEntry(rs, 'suspicious', i, windowStart, nowMicro));
	const rtr = r('trusted');
	const trusted = [];
	for (let i = 0; i < c.trusted; i++)
		trusted.push(makeIpEntry(rtr, 'trusted', i, windowStart, nowMicro));

	return {
		incidents,
		activities,
		apps,
		entities,
		policies,
		threats,
		ip: { suspicious, trusted },
		incidentEntities,
		appInstalls,
		appScopes,
		classificationReasons: CLASSIFICATION_REASONS.map((x) => ({ ...x })),
		users,
		// side table used when adding incidents at runtime (not served by the API)
		entityRefs: entityPool.map((p) => p.ref),
	};
}

module.exports = {
	DEFAULT_SEED_COUNTS,
	VENDORS,
	SEVERITIES,
	STATUSES,
	APP_CLASSIFICATIONS,
	DAY_MS,
	Rng,
	mulberry32,
	deriveSeed,
	formatMicro,
	formatMilliZ,
	formatSpace,
	formatSeconds,
	parseTimestamp,
	generateState,
	buildIncident,
	makeActivity,
	activityCompositeId,
	isUebaPolicy,
	ipv4,
	anyIp,
};
