// A translation must have exactly the English catalogue's keys: the type checker refuses a German
// catalogue with a missing or extra key, so no screen falls back to English unnoticed.
export type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };
