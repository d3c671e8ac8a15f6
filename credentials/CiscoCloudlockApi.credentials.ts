import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseCode,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

// The credential test runs inside n8n's expression engine, not our transport, so the base URL
// normalisation (trim, drop trailing slashes, append /api/v2) is repeated here as an expression.
// It must stay equivalent to normalizeBaseUrl() in nodes/CiscoCloudlock/helpers/baseUrl.ts;
// test/credentials/credential.test.ts checks both against the same inputs. For a URL that is not
// http(s), n8n's VM expression engines show the thrown message; its legacy engine swallows the
// error and the test then fails with "Invalid URL" before any request is sent.
const NORMALISED_BASE_URL =
	'={{ (() => { const u = String($credentials.baseUrl ?? "").trim().replace(/\\/+$/, ""); if (!/^https?:\\/\\/[^\\s/]+/i.test(u)) { throw new Error("The Base URL must be a web address starting with https:// (the API URL Cloudlock support gave your tenant)"); } return /\\/api\\/v2$/i.test(u) ? u : u + "/api/v2"; })() }}';

export class CiscoCloudlockApi implements ICredentialType {
	name = 'ciscoCloudlockApi';

	displayName = 'Cisco Cloudlock API';

	icon: Icon = {
		light: 'file:../icons/cloudlock.svg',
		dark: 'file:../icons/cloudlock.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-cisco-cloudlock/n8n-nodes-cisco-cloudlock#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://acme.cloudlock.com/api/v2',
			description:
				'The API URL Cloudlock support gave your tenant. /api/v2 is added when it is missing.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Generated in Cloudlock under Settings → Authentication & API. Sent as a Bearer token.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: NORMALISED_BASE_URL,
			url: '/incidents',
			qs: { limit: 1, count_total: 'false' },
			headers: { Accept: 'application/json' },
		},
		// n8n checks the response-code rules on failures and the body rule on a 200; its type
		// declares the list as one kind or the other, hence the cast.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The access token was rejected (HTTP 401). Generate a new token in Cloudlock under Settings → Authentication & API and paste it into this Cisco Cloudlock API credential.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Cloudlock refused access (HTTP 403). Check that the token belongs to an administrator, that the tenant licenses the API, and that this n8n host’s IP is allowed under Settings → Authentication & API.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No Cloudlock API was found at this Base URL (HTTP 404). Use the API URL Cloudlock support gave your tenant, e.g. https://acme.cloudlock.com/api/v2.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'items',
					value: undefined,
					message:
						'The Base URL answered, but not like the Cloudlock API (no incident list in the response). Check the Base URL: it should be the API URL Cloudlock support gave your tenant, e.g. https://acme.cloudlock.com/api/v2.',
				},
			},
		] as unknown as IAuthenticateRuleResponseCode[],
	};
}
