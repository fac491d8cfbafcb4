import { defineSwitchyardConfig } from '../vitest.shared.ts';

export default defineSwitchyardConfig({ name: 'tests', properties: true });
