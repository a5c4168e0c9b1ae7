/**
 * Paths of the package's files that modules outside the emitters name too (the run's notes), in a module that
 * loads nothing: the emitters (ts-morph with them) are loaded only once the specs have parsed.
 */

/** One exported type per named schema: types only, so a declaration file (see isDeclarationFile in compile.ts). */
export const SCHEMAS_FILE = 'src/schemas.d.ts';
