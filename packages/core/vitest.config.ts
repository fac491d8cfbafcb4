import { defineSwitchyardConfig } from '../../vitest.shared.ts';

export default defineSwitchyardConfig({ name: 'core', properties: true });
