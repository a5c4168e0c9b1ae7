/** Sorting by UTF-16 code unit, never by locale: the order generated output is written in. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
