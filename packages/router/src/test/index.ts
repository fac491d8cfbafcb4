export { providerFailure, type ScriptedModel, type ScriptedStep, scriptedModel } from './scripted-model.js';
