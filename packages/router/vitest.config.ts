import { defineSwitchyardConfig } from '../../vitest.shared.ts';

export default defineSwitchyardConfig({ name: 'router', properties: true });
