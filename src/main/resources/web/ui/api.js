// The REST API under /api/v1, asked with the admin token, which stays in the tab's session storage.

const TOKEN_KEY = 'slipway.token';

export function hasToken() {
  return Boolean(sessionStorage.getItem(TOKEN_KEY));
}

export function keepToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

function authorization() {
  return { Authorization: 'Bearer ' + (sessionStorage.getItem(TOKEN_KEY) || '') };
}

// How long one request may take: a request to a server that stops while answering can otherwise wait for
// the browser's own network timeout (minutes), and the page with it. Deleting an environment stops its
// containers, so this is generous.
const REQUEST_TIMEOUT_MS = 60000;

export async function api(method, path, body) {
  const headers = authorization();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch('/api/v1' + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return answerOf(res);
}

// The JSON the API answered, or an ApiError with its message when it refused.
async function answerOf(res) {
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (notJson) {
    // an answer that is not JSON: the status says enough
  }
  if (!res.ok) {
    throw new ApiError(res.status, (json && json.error) || `the server answered ${res.status}`, json && json.detail);
  }
  return json;
}

// Reads the server-sent events at path and calls onEvent({ event, data, id }) for each, until the server
// ends the stream (it returns) or signal aborts it (it throws). fetch rather than EventSource, which cannot
// send the token in a header. Fields as in https://html.spec.whatwg.org/multipage/server-sent-events.html;
// lines end in LF or CRLF (never a lone CR, which the server does not send).
export async function readEvents(path, signal, onEvent) {
  const res = await fetch('/api/v1' + path, { headers: { ...authorization(), Accept: 'text/event-stream' }, signal });
  if (!res.ok) await answerOf(res);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  let lastId = null; // an id holds for the events after it, until the next id
  let event = { event: '', data: [] };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const lines = (rest + decoder.decode(value, { stream: true })).split('\n');
    rest = lines.pop(); // not yet a whole line
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === '') { // a blank line ends an event
        if (event.data.length) onEvent({ event: event.event || 'message', data: event.data.join('\n'), id: lastId });
        event = { event: '', data: [] };
      } else if (!line.startsWith(':')) { // a line starting with ':' is a comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event.event = text;
        else if (field === 'data') event.data.push(text);
        else if (field === 'id') lastId = text;
      }
    }
  }
}
