import { defineSwitchyardConfig } from '../../vitest.shared.ts';

export default defineSwitchyardConfig({ name: 'simulators', properties: true });
