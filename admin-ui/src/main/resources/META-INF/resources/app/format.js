// Money arrives as exact decimal strings; it is rounded here for reading, on the string itself
// (never through a floating-point number), and the exact amount stays in the hover title.

function splitDecimal(s) {
  let str = String(s).trim();
  const negative = str.startsWith('-');
  if (negative || str.startsWith('+')) str = str.substring(1);
  const [int, frac = ''] = str.split('.');
  return { negative, int: int || '0', frac };
}

/** Rounds a decimal string half-up (away from zero) to `places` digits, as a string. */
export function roundDecimal(s, places) {
  const { negative, int, frac } = splitDecimal(s);
  const padded = (frac + '0'.repeat(places + 1)).substring(0, places + 1);
  let n = BigInt(int + padded.substring(0, places));
  const rest = frac.substring(places);
  if (rest.length && rest.charCodeAt(0) >= 53 /* '5' */) n += 1n;
  let digits = n.toString().padStart(places + 1, '0');
  const whole = places ? digits.substring(0, digits.length - places) : digits;
  const fraction = places ? digits.substring(digits.length - places) : '';
  const isZero = /^0*$/.test(whole + fraction);
  return (negative && !isZero ? '-' : '') + whole + (places ? '.' + fraction : '');
}

function groupThousands(intPart) {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "$1,234.57" for amounts of a cent or more; small amounts keep enough digits to be non-zero. */
export function moneyText(amount, currency = 'USD') {
  if (amount === null || amount === undefined || amount === '') return '—';
  const { int, frac } = splitDecimal(amount);
  let places = 2;
  if (int === '0' || /^0+$/.test(int)) {
    const firstDigit = frac.search(/[1-9]/);
    if (firstDigit >= 2) places = Math.min(firstDigit + 2, 8);
  }
  const rounded = roundDecimal(amount, places);
  const neg = rounded.startsWith('-');
  const [i, f] = rounded.replace('-', '').split('.');
  const symbol = currency === 'USD' ? '$' : '';
  const suffix = currency === 'USD' ? '' : ' ' + currency;
  return (neg ? '−' : '') + symbol + groupThousands(i) + (f ? '.' + f : '') + suffix;
}

export function exactText(amount, currency = 'USD') {
  return amount === null || amount === undefined ? '' : `${amount} ${currency} (exact)`;
}

/** Counts for reading: 1,234 / 12.3K / 4.5M. Tokens are integers, so a float here is harmless. */
export function countText(n) {
  if (n === null || n === undefined || n === '') return '—';
  const v = Number(n);
  if (Math.abs(v) < 10000) return groupThousands(String(Math.trunc(v)));
  if (Math.abs(v) < 1e6) return (v / 1e3).toFixed(1).replace(/\.0$/, '') + 'K';
  if (Math.abs(v) < 1e9) return (v / 1e6).toFixed(1).replace(/\.0$/, '') + 'M';
  return (v / 1e9).toFixed(1).replace(/\.0$/, '') + 'B';
}

export function percentText(share) {
  if (share === null || share === undefined || share === '') return '—';
  return roundDecimal(share, 1) + ' %';
}

const dateFormats = new Map();

/**
 * An Intl.DateTimeFormat for these options, made once: making one is slow (a page of 30 dates
 * would spend most of its drawing time on it); formatting with it is fast.
 */
export function dateFormat(locale, options) {
  const key = locale + JSON.stringify(options);
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, f);
  }
  return f;
}

export function dateTimeText(iso, timeZone) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  try {
    return dateFormat('en-GB', { timeZone: timeZone || undefined, year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);
  } catch {
    return d.toISOString();
  }
}

/** A number for chart geometry only (bar heights); the label and tooltip show the exact string. */
export function chartNumber(amount) {
  return amount === null || amount === undefined ? 0 : Number(amount);
}
