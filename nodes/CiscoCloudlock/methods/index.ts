import { getPolicies } from './loadOptions';

export const loadOptions = { getPolicies };
