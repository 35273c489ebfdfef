// The package's index runs a self-test against a file that is not shipped when it is the main module, which it
// is under Jest; the library file itself is the parser.
type PdfParse = (data: Buffer) => Promise<{ text: string; numpages: number }>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfParse: PdfParse = require('pdf-parse/lib/pdf-parse.js');

/** Whitespace as a reader sees it: Intl's non-breaking spaces and PDF line breaks become single spaces. */
export const normalise = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** The text a PDF shows, normalised, and its page count. */
export async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parsed = await pdfParse(pdf);
  return { text: normalise(parsed.text), pages: parsed.numpages };
}
