/** A parsed JSON value. Objects are null-prototype records, so no key ever reaches a prototype. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/** A parsed JSON object (a null-prototype record). */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}
