/**
 * Whether a generateContent request may carry its PDF part inline: Gemini's inline limit is on the
 * bytes of the whole request body, which holds the contents (page text, the base64 PDF), the
 * system instruction and the generation config with the response schema (a schema can be large),
 * all written as JSON in UTF-8 (3 bytes for a CJK character, 6 for an escaped control character).
 * A request past the limit is refused with a 4xx, a permanent error: its subtree would fail
 * unretried, so the count must never come out below what is sent.
 */
import type { Content, GenerateContentConfig, Part } from '@google/genai';

/**
 * Whether the body of a request with `contents` and `config` takes at most `limit` bytes. Measured
 * exactly only when a cheap bound does not settle it: every call that sends pages as PDF asks this
 * before its request goes out (a call without a PDF part has nothing to upload and does not ask),
 * and writing the section's page text out as JSON to count it cost ~14 µs for a two-page section
 * and ~1.9 ms for a 400 KB one (a section's token budget of text), for a limit of megabytes that
 * almost no call comes near. A job's first wave builds all its requests before the first leaves
 * (they wait on their sections' cuts together, then go through each step together), so at C = 20
 * that was 20 times as long before the job's first request.
 */
export function fitsInline(contents: Content[], config: GenerateContentConfig, limit: number): boolean {
  const { body, base64Bytes } = bodyWithoutBase64(contents, config);
  return jsonBytesAtMost(body) + base64Bytes <= limit || Buffer.byteLength(JSON.stringify(body)) + base64Bytes <= limit;
}

/**
 * The JSON body the SDK (@google/genai 3.x, Gemini API: generateContentParametersToMldev) writes
 * for `contents` and `config`, with every inline PDF's base64 `data` left empty and its length
 * (its bytes: base64 is ASCII and JSON needs no escapes for it) counted apart, so as not to copy
 * tens of megabytes only to measure them. The SDK lifts `systemInstruction` to the top level
 * (text becomes a user Content) and sends the rest of the config as `generationConfig`, except
 * what only steers the SDK itself (automaticContinuation; abortSignal and httpOptions are added
 * per attempt). Fields it would lift too (tools, safetySettings, cachedContent, ...) we do not
 * set; were they set, they would still be counted, only nested one level lower. The model goes
 * in the URL.
 */
function bodyWithoutBase64(contents: Content[], config: GenerateContentConfig): { body: Record<string, unknown>; base64Bytes: number } {
  let base64Bytes = 0;
  const withoutData = (part: Part): Part => {
    const data = part.inlineData?.data;
    if (data === undefined) return part;
    base64Bytes += data.length;
    return { ...part, inlineData: { ...part.inlineData, data: '' } };
  };
  const { systemInstruction, automaticContinuation: _sdkOnly, ...generationConfig } = config;
  const body: Record<string, unknown> = {
    contents: contents.map((content) => (content.parts ? { ...content, parts: content.parts.map(withoutData) } : content)),
    generationConfig,
  };
  if (systemInstruction !== undefined) {
    body.systemInstruction = typeof systemInstruction === 'string' ? { role: 'user', parts: [{ text: systemInstruction }] } : systemInstruction;
  }
  return { body, base64Bytes };
}

/**
 * At least `Buffer.byteLength(JSON.stringify(value))` for any value without a `toJSON` (a Date
 * is written as what its toJSON returns, which this does not count; a request body holds plain
 * JSON data only). A string's UTF-16 unit takes at most 6 bytes in JSON: "\u001f" for a control
 * character or a lone surrogate, 3 for any other outside ASCII, 4 for two that make a pair.
 * undefined, functions and symbols count 4, the `null` JSON writes for them in an array (as an
 * object's member they are left out, and counting them only makes the bound larger).
 */
function jsonBytesAtMost(value: unknown): number {
  if (typeof value === 'string') return 6 * value.length + 2;
  // A number JSON cannot write (NaN) is written as null.
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return Math.max(4, String(value).length);
  // Loops rather than reduce and Object.entries: this walks the response schema of every call,
  // and allocating an array for each of its objects made that walk several times slower.
  if (Array.isArray(value)) {
    let sum = 2;
    for (const item of value) sum += jsonBytesAtMost(item) + 1;
    return sum;
  }
  if (typeof value === 'object') {
    let sum = 2;
    const members = value as Record<string, unknown>;
    for (const key in members) if (Object.hasOwn(members, key)) sum += jsonBytesAtMost(key) + 1 + jsonBytesAtMost(members[key]) + 1;
    return sum;
  }
  return 4;
}
