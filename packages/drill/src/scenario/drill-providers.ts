/** The providers a simulated or loopback drill stands up a simulator for (a fleet drill's processes share them). */
export const simulatedProviders = ['openai', 'anthropic', 'ollama'] as const;

/**
 * Providers that run in this process (`llama-cpp`: a GGUF file run by
 * llama.cpp): no simulator and no network; a drill runs the real model in
 * every mode, its calls tracked as real work on virtual time, with timeline
 * faults injected at its adapter boundary.
 */
export const inProcessProviders: readonly string[] = ['llama-cpp'];
