/** SMS carries at most 320 characters in a message here: longer text is split between sentences. */
export const SMS_MAX = 320;

/**
 * A sentence ends with . ! ? or … and a space, but not after a number ("8. Email") or a short
 * abbreviation ("U.S. ", "É.-U. ", "EE. UU. ", "Dr. "): the word before the stop has three
 * letters or more, or the stop is ! ? or ….
 */
const SENTENCE_END = /(?<=(?:\p{L}{3,}[.]|[!?…])["»”)]*)\s+/u;

/** Splits text into parts of at most `max` characters: between lines, then sentences, then words. */
export function splitMessage(text: string, max = SMS_MAX): string[] {
  // Each piece remembers how it joins the one before: a new line, or a space within a line.
  const pieces = text.split('\n').flatMap((line) =>
    (line.length <= max ? [line] : line.split(SENTENCE_END))
      .flatMap((piece) => (piece.length <= max ? [piece] : byWords(piece, max)))
      .map((piece, i) => ({ piece, sep: i === 0 ? '\n' : ' ' })),
  );
  const parts: string[] = [];
  let current = '';
  for (const { piece, sep } of pieces) {
    if (current === '') current = piece;
    else if ((current + sep + piece).length <= max) current += sep + piece;
    else {
      parts.push(current);
      current = piece;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function byWords(text: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (let word of text.split(/\s+/)) {
    // A "word" longer than a message (a pasted link, a flood of one character) is cut.
    while (word.length > max) {
      if (current) out.push(current);
      current = '';
      out.push(word.slice(0, max));
      word = word.slice(max);
    }
    if (current && (current + ' ' + word).length > max) {
      out.push(current);
      current = word;
    } else {
      current = current ? current + ' ' + word : word;
    }
  }
  if (current) out.push(current);
  return out;
}
