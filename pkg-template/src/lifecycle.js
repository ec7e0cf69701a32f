//! The page's lifecycle as the runtime needs it: leaving (`pagehide`, `visibilitychange` →
//! hidden), coming back online, single-page-app route changes, and the `tracksafe`
//! BroadcastChannel between tabs. Every hook is guarded: a handler's failure never reaches the page.

const CHANNEL = 'tracksafe';

function guard(fn, onError) {
  return (...args) => {
    try {
      fn(...args);
    } catch (err) {
      onError(err);
    }
  };
}

/**
 * Calls `leave()` when the page is hidden or unloaded and `online()` when the network comes back.
 * No-op outside a browser window.
 */
export function watchPage({ leave, online, visible }, onError) {
  if (typeof addEventListener !== 'function' || typeof document === 'undefined') return;
  addEventListener('pagehide', guard(leave, onError));
  document.addEventListener(
    'visibilitychange',
    guard(() => (document.visibilityState === 'hidden' ? leave() : visible()), onError),
  );
  addEventListener('online', guard(online, onError));
}

/** Calls `onChange()` when `history.pushState` / `replaceState` / `popstate` changes the path or query. */
export function watchRoutes(onChange, onError) {
  if (typeof history === 'undefined' || typeof location === 'undefined' || typeof addEventListener !== 'function') return;
  const route = () => location.pathname + location.search;
  let last = route();
  const check = guard(() => {
    const now = route();
    if (now === last) return;
    last = now;
    onChange();
  }, onError);
  for (const method of ['pushState', 'replaceState']) {
    const original = history[method];
    if (typeof original !== 'function') continue;
    history[method] = function (...args) {
      const out = original.apply(this, args);
      check();
      return out;
    };
  }
  addEventListener('popstate', check);
}

/**
 * The tabs' channel: `post(message)` to the other tabs, `onMessage(message)` from them. Only in a
 * page: in Node (tests, server rendering) trackers in one process are not tabs of one visitor.
 */
export function openChannel(onMessage, onError) {
  let channel = null;
  try {
    if (typeof BroadcastChannel === 'function' && typeof window !== 'undefined' && typeof document !== 'undefined') {
      channel = new BroadcastChannel(CHANNEL);
      channel.onmessage = guard((e) => onMessage(e.data), onError);
    }
  } catch {
    channel = null;
  }
  return {
    post(message) {
      try {
        channel?.postMessage(message);
      } catch {
        // No other tab can hear: nothing to tell.
      }
    },
  };
}
