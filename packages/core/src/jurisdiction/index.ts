export { builtinGroups, selfHosted, unknownCaller } from './builtin-groups.js';
export { countryCodes, countryName, isCountryCode } from './country-codes.js';
export type { Jurisdictions } from './create-jurisdictions.js';
export { createJurisdictions } from './create-jurisdictions.js';
export { JurisdictionError } from './jurisdiction-error.js';
