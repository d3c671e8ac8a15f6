export { apiRequest, CREDENTIAL_TYPE, retryDelayMs } from './request';
export type { ApiRequest, CloudlockContext } from './request';
export { apiList, extractItems, fetchPage, recordKey } from './paging';
export type { ListOptions, Page } from './paging';
export { cloudlockError, describeFailure, redact } from './errors';
export { transportSettings } from './settings';
