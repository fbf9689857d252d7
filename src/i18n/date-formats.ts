/**
 * Intl.DateTimeFormat instances, one per time zone and shape. Making one costs far more than
 * using one (measured with the bench's profile: ~170 µs against ~7 µs), and triage, the dashboard's
 * transcript and the PDF format many dates in the same few shapes.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

/** An en-US format of `options` in `timeZone`, made once. */
export function dateTimeFormat(timeZone: string, options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    formats.set(key, f);
  }
  return f;
}
