import { defineSwitchyardConfig } from '../../vitest.shared.ts';

export default defineSwitchyardConfig({ name: 'redis', properties: true });
