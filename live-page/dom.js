// Building the page from data as text only: el() makes elements whose children are text nodes, so
// a request path or a header a client sent can never become markup.

export const $ = (id) => document.getElementById(id);

export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'className') node.className = value;
    else if (key === 'title') node.title = String(value);
    else if (key === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

/** The message line under the header: `kind` is 'good', 'bad' or nothing. */
export function show(text, kind) {
  const box = $('message');
  box.textContent = text;
  box.className = `message ${kind || ''}`;
  box.hidden = !text;
}

export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The local time of day with milliseconds, e.g. 14:03:07.125. */
export function clock(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** A journal entry's query as it was sent, decoded: `?a=1&b=2`. */
export function queryText(query) {
  const parts = [];
  for (const [name, value] of Object.entries(query || {})) {
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${name}=${v}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
