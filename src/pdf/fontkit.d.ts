// fontkit (pdfkit's own font engine) ships no types: only what src/pdf/font-runs.ts asks of it.
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function openSync(path: string): Font;
}
