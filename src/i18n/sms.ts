/** SMS carries at most 320 characters in a message here: longer text is split between sentences. */
export const SMS_MAX = 320;

/** Splits text into parts of at most `max` characters, between sentences, else between words. */
export function splitMessage(text: string, max = SMS_MAX): string[] {
  const parts: string[] = [];
  let current = '';
  const push = () => {
    if (current.trim()) parts.push(current.trim());
    current = '';
  };
  // Sentences end with . ! ? or a line break; the separator stays with its sentence.
  const sentences = text.match(/[^.!?\n]+(?:[.!?]+["»”)]*|\n+|$)\s*/g) ?? [text];
  for (const sentence of sentences) {
    if ((current + sentence).trim().length <= max) {
      current += sentence;
      continue;
    }
    push();
    if (sentence.trim().length <= max) {
      current = sentence;
      continue;
    }
    for (const word of sentence.split(/(\s+)/)) {
      if ((current + word).trim().length > max) push();
      // A single "word" longer than a message (a pasted link, a flood of one character) is cut.
      let w = current ? word : word.trimStart();
      while (w.length > max) {
        parts.push(w.slice(0, max));
        w = w.slice(max);
      }
      current += w;
    }
  }
  push();
  return parts;
}
