/**
 * What a user should know about LOCAL before reading its results: new users take its empty fields
 * for "the AI failed". Shown in the start banner when no model is configured, and carried in the
 * warnings of every LOCAL job, so the explanation travels with the result.
 */
export const LOCAL_NOTICE =
  'LOCAL is a rule-based reader of the PDF text (labels and tables), not a language model: a field it finds no label for stays null. ' +
  'To use a language model, set GEMINI_API_KEY, or OPENAI_BASE_URL for any OpenAI-compatible server (Ollama, vLLM, ...), restart, and choose that model in the job config.';
