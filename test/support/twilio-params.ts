/**
 * The parameters of Twilio's "A message comes in" webhook, as Twilio posts them for an SMS (or a
 * WhatsApp message, by the addresses): shared by the Twilio tests, the fuzz test and the bench.
 */
import twilio from 'twilio';

export interface InboundSms {
  from: string;
  to: string;
  sid: string;
  body: string;
  accountSid: string;
  media?: ReadonlyArray<{ url: string; type: string }>;
}

export function inboundSmsParams(m: InboundSms): Record<string, string> {
  const media = m.media ?? [];
  const params: Record<string, string> = {
    ToCountry: 'US',
    ToState: 'NY',
    SmsMessageSid: m.sid,
    NumMedia: String(media.length),
    ToCity: 'BUFFALO',
    FromZip: '',
    SmsSid: m.sid,
    FromState: 'ON',
    SmsStatus: 'received',
    FromCity: 'TORONTO',
    Body: m.body,
    FromCountry: 'CA',
    To: m.to,
    ToZip: '14202',
    NumSegments: '1',
    MessageSid: m.sid,
    AccountSid: m.accountSid,
    From: m.from,
    ApiVersion: '2010-04-01',
  };
  media.forEach((x, i) => {
    params[`MediaUrl${i}`] = x.url;
    params[`MediaContentType${i}`] = x.type;
  });
  return params;
}

/** Posts Twilio-form `params` to our server's `path`, signed as Twilio signs them for the public URL. */
export function postSignedToTwilioRoute(
  app: { url: string; env: { PUBLIC_BASE_URL?: string } },
  path: string,
  params: Record<string, string>,
  authToken: string,
): Promise<Response> {
  const signature = twilio.getExpectedTwilioSignature(authToken, `${app.env.PUBLIC_BASE_URL}${path}`, params);
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}
