// The page on screen and what it still has running. The state lives here only and changes only through
// these functions, so that every page module sees the same counter, timer, stream and notice.
import { ApiError, forgetToken } from './api.js';

let page = 0;        // bumped on every navigation, so that a slow answer never draws over a newer page
let poll = null;     // the timer of the page's next look at the API, if one is set
let stream = null;   // the AbortController of the deployment page's log stream, while it is open
let notice = null;   // what the next page says first (what a deletion did), once

// The entry's router, handed over once at start: the pages need it, and they cannot import the entry,
// which imports them.
let router = { route: async () => {}, signIn: () => {} };

// Starts a new page: what the old one still waits for, polls or streams is dropped. Returns its number.
export function newPage() {
  if (poll) {
    clearTimeout(poll);
    poll = null;
  }
  if (stream) {
    stream.abort();
    stream = null;
  }
  return ++page;
}

// Whether the page numbered current is still the one on screen.
export function isCurrent(current) {
  return current === page;
}

// The page's next look at the API, in ms; a new page cancels it.
export function later(look, ms) {
  poll = setTimeout(() => {
    poll = null;
    look();
  }, ms);
}

// A controller for the page's log stream, which a new page aborts; closeStream once the stream has ended.
export function openStream() {
  stream = new AbortController();
  return stream;
}

export function closeStream(controller) {
  if (stream === controller) stream = null;
}

// What the next page says first (lines of text), once.
export function leaveNotice(lines) {
  notice = lines;
}

export function takeNotice() {
  const lines = notice;
  notice = null;
  return lines;
}

export function useRouter(entry) {
  router = entry;
}

// Draws the page the address names again.
export function route() {
  return router.route();
}

export function signIn(message) {
  router.signIn(message);
}

// A 401 ends the session (the token is wrong or was replaced): true when e was one.
export function refused(e) {
  if (!(e instanceof ApiError) || e.status !== 401) return false;
  forgetToken();
  signIn('The server refused the token: sign in again.');
  return true;
}
