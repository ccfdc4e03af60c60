import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { resolveConfig } from '../../src/jobs/resolve-config.ts';
import { availableModelsLine } from '../../src/runtime/create-provider.ts';

function thrown(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GraphQLError);
    return e as GraphQLError;
  }
  throw new Error('expected an error');
}

describe('OPENAI_* configuration', () => {
  it('reads the server, key, default model, vision flag and prices', () => {
    const config = loadConfig({
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_DEFAULT_MODEL: 'qwen2.5:7b-instruct',
      OPENAI_VISION: 'true',
      OPENAI_PRICES: '{"qwen2.5:7b-instruct": {"input": 0.1, "output": 0.2}}',
    });
    expect(config.openaiBaseUrl).toBe('http://127.0.0.1:11434/v1');
    expect(config.openaiApiKey).toBeNull();
    expect(config.openaiDefaultModel).toBe('qwen2.5:7b-instruct');
    expect(config.openaiVision).toBe(true);
    expect(config.openaiPrices).toEqual({ 'qwen2.5:7b-instruct': { input: 0.1, cachedInput: 0.1, output: 0.2 } });
  });

  it('is off by default', () => {
    const config = loadConfig({});
    expect(config.openaiBaseUrl).toBeNull();
    expect(config.openaiVision).toBe(false);
    expect(config.openaiPrices).toEqual({});
  });

  it('reports a bad URL, bad prices and a key without a server, all at once', () => {
    let error: unknown;
    try {
      loadConfig({ OPENAI_BASE_URL: 'ftp://x', OPENAI_PRICES: '{"m": {"input": -1}}', OPENAI_VISION: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('OPENAI_BASE_URL must be a http: or https: URL');
    expect(problems).toContain('OPENAI_PRICES["m"]');
    expect(problems).toContain('OPENAI_VISION must be true or false');

    expect(() => loadConfig({ OPENAI_API_KEY: 'sk-1' })).toThrow(/need OPENAI_BASE_URL/);
    expect(() => loadConfig({ OPENAI_PRICES: 'not json' })).toThrow(/OPENAI_PRICES is not valid JSON/);
  });
});

describe('choosing OPENAI_COMPATIBLE for a job', () => {
  const onlyOpenAi = { geminiConfigured: false, openaiConfigured: true, openaiDefaultModel: 'qwen2.5:7b-instruct', pageCount: 3 };

  it('is the default when only an OpenAI-compatible server is configured, with OPENAI_DEFAULT_MODEL', () => {
    expect(resolveConfig(null, onlyOpenAi)).toMatchObject({ model: 'OPENAI_COMPATIBLE', modelName: 'qwen2.5:7b-instruct' });
  });

  it('Gemini stays the default when it is configured too; LOCAL when nothing is', () => {
    expect(resolveConfig(null, { ...onlyOpenAi, geminiConfigured: true }).model).toBe('GEMINI_2_5_FLASH');
    expect(resolveConfig(null, { geminiConfigured: false, pageCount: 1 })).toMatchObject({ model: 'LOCAL', modelName: null });
  });

  it('modelName picks the server\'s model', () => {
    expect(resolveConfig({ model: 'OPENAI_COMPATIBLE', modelName: ' gpt-4.1-mini ' }, onlyOpenAi).modelName).toBe('gpt-4.1-mini');
  });

  it('without a configured server is BAD_USER_INPUT that says what to set', () => {
    const error = thrown(() => resolveConfig({ model: 'OPENAI_COMPATIBLE', modelName: 'x' }, { geminiConfigured: true, pageCount: 1 }));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/needs an OpenAI-compatible server.*OPENAI_BASE_URL/);
  });

  it('without modelName and without OPENAI_DEFAULT_MODEL is BAD_USER_INPUT', () => {
    const error = thrown(() => resolveConfig({ model: 'OPENAI_COMPATIBLE' }, { ...onlyOpenAi, openaiDefaultModel: null }));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('needs modelName');
  });
});

describe('the start banner', () => {
  it('names the models this deployment can run, the default first', () => {
    const openai = { baseUrl: 'http://127.0.0.1:11434/v1', apiKey: null, defaultModel: 'qwen2.5:7b-instruct', vision: false, prices: {} };
    expect(availableModelsLine({ geminiApiKey: null, openai })).toBe(
      'Models: OPENAI_COMPATIBLE (default) at http://127.0.0.1:11434/v1 (model qwen2.5:7b-instruct); LOCAL',
    );
    expect(availableModelsLine({ geminiApiKey: null })).toBe('Models: LOCAL (default, offline)');
  });
});
