import type { LanguageModelV4 } from '@ai-sdk/provider';
import { routeGenerate } from './generate/route-generate.js';
import type { PreparedRoute } from './prepare/prepared-target.js';
import type { RouterState } from './router-state.js';
import { routeStream } from './stream/route-stream.js';

/** The `LanguageModelV4` of one route: `doGenerate` and `doStream` go through the router. */
export function routeModel(state: RouterState, route: PreparedRoute): LanguageModelV4 {
  return {
    specificationVersion: 'v4',
    provider: 'switchyard',
    modelId: route.name,
    supportedUrls: {},
    doGenerate: (callOptions) => routeGenerate(state, route, callOptions),
    doStream: (callOptions) => routeStream(state, route, callOptions),
  };
}
