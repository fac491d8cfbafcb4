import { defineSwitchyardConfig } from '../../vitest.shared.ts';

export default defineSwitchyardConfig({ name: 'openai', properties: true });
