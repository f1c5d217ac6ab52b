// runtime: common (no node, no DOM, no electron)
/**
 * People stuff several numbers or addresses into one field value:
 * "89123456789, 89221112233", "+7 912 345-67-89 или 8 (922) 111-22-33".
 * Split on , ; / | newlines and the words "и" / "или" before parsing each part.
 */
const SEPARATORS = /[,;|/\n\r]+|\s+(?:или|и|or|and)\s+/giu;

export function splitStuffedValue(value: string): string[] {
  return value
    .split(SEPARATORS)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
