export { builtinGroups, selfHosted, unknownCaller } from './builtin-groups.js';
export { closestJurisdiction } from './closest-jurisdiction.js';
export { countryCodeOfName, countryCodes, countryName, isCountryCode } from './country-codes.js';
export type { Jurisdictions } from './create-jurisdictions.js';
export { createJurisdictions } from './create-jurisdictions.js';
export type { GroupDefinitions } from './group-problems.js';
export { groupProblems } from './group-problems.js';
export { JurisdictionError } from './jurisdiction-error.js';
