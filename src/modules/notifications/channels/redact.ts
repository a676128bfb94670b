/**
 * A provider's error text without the personal data providers put in it (Twilio: "The 'To' number
 * +86… is not valid"; SMTP: "<li@example.com>: Recipient address rejected"; Aliyun's SDK: the request
 * URL with PhoneNumbers). The text becomes the notification's last error and may be logged (DESIGN §4).
 */
export function redact(text: string): string {
  return text
    .replace(/(https?:\/\/[^\s?]+)\?\S*/g, '$1?…')
    .replace(/[^\s<>@"',;:()]+@[^\s<>@"',;:()]+/g, '[address]')
    .replace(/\+?\d[\d -]{6,}\d/g, '[number]');
}
