//! Event queues of the browser tracker: `pending` waits in memory for a consent decision,
//! `outbox` holds allowed events until the collector acknowledges them. Both are bounded;
//! an event is never in both, and a revoked purpose removes its events from both.

use crate::consent::Purposes;
use crate::json::Value;

/// How long an event may wait for a consent decision before it is discarded.
pub const PENDING_TTL_MS: f64 = 30.0 * 60.0 * 1000.0;

/// One minimized event with the purposes it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedEvent {
    pub event_id: String,
    pub needs: Purposes,
    pub queued_at_ms: f64,
    /// The batch it was last sent in (0 before it is sent): the tracker's in-flight events are
    /// one list, a batch's events found by this id.
    pub(crate) batch: u32,
    /// The minimized event as it goes on the wire (`eventId`, `name`, `timestamp`, …).
    wire: Value,
    /// `wire` as JSON text, written once: the queue is persisted after every change and each
    /// batch carries its events, so re-serializing them each time was the page's main cost.
    wire_json: String,
}

impl QueuedEvent {
    pub fn new(event_id: String, needs: Purposes, queued_at_ms: f64, wire: Value) -> Self {
        let wire_json = wire.to_json();
        QueuedEvent {
            event_id,
            needs,
            queued_at_ms,
            batch: 0,
            wire,
            wire_json,
        }
    }

    /// The minimized event as it goes on the wire.
    pub fn wire(&self) -> &Value {
        &self.wire
    }

    /// `wire()` as compact JSON text.
    pub fn wire_json(&self) -> &str {
        &self.wire_json
    }
}

/// `events` split into those matching `pred` and the rest, each in order. A loop behind one
/// `dyn` (one copy in the page's wasm for every caller that filters events), not `partition` or
/// `retain` (each kept as functions of their own by the page's size-first build).
pub fn split_events(
    events: Vec<QueuedEvent>,
    pred: &dyn Fn(&QueuedEvent) -> bool,
) -> (Vec<QueuedEvent>, Vec<QueuedEvent>) {
    let mut matching = Vec::new();
    let mut rest = Vec::with_capacity(events.len());
    for e in events {
        if pred(&e) {
            matching.push(e);
        } else {
            rest.push(e);
        }
    }
    (matching, rest)
}

/// A bounded FIFO that drops (and counts) its oldest entries when full.
#[derive(Debug, Default)]
pub struct BoundedQueue {
    items: Vec<QueuedEvent>,
    max_len: usize,
    /// How many events were dropped because the queue was full, since creation.
    pub overflowed: u32,
}

impl BoundedQueue {
    pub fn new(max_len: usize) -> Self {
        BoundedQueue {
            items: Vec::new(),
            max_len: max_len.max(1),
            overflowed: 0,
        }
    }

    pub fn push(&mut self, e: QueuedEvent) {
        self.items.push(e);
        if self.items.len() > self.max_len {
            self.overflowed += 1;
            // The oldest goes through `take`'s split: no `Vec::remove` of its own in the wasm.
            self.take(1);
        }
    }

    /// Pushes `events` in order, as one `push` each would (the oldest dropped and counted when
    /// full), without a loop of its own.
    pub fn push_all(&mut self, mut events: Vec<QueuedEvent>) {
        let mut items = core::mem::take(&mut self.items);
        items.append(&mut events);
        self.requeue_front(items);
    }

    /// Puts events back at the front (a failed delivery), keeping their order.
    pub fn requeue_front(&mut self, mut events: Vec<QueuedEvent>) {
        events.append(&mut self.items);
        let excess = events.len().saturating_sub(self.max_len);
        self.overflowed += excess as u32;
        self.items = events;
        // The oldest go through `take`'s split (one `split_off` in the page's wasm).
        self.take(excess);
    }

    /// Removes and returns up to `n` events from the front.
    pub fn take(&mut self, n: usize) -> Vec<QueuedEvent> {
        // `split_off` + swap, not `drain(..n).collect()` (which keeps its own copy loop).
        let n = n.min(self.items.len());
        let rest = self.items.split_off(n);
        core::mem::replace(&mut self.items, rest)
    }

    /// Removes every event matching `pred`, returning how many went. (`dyn`: one copy of the
    /// loop in the page's wasm for every caller.)
    pub fn remove_where(&mut self, pred: &dyn Fn(&QueuedEvent) -> bool) -> usize {
        self.extract_where(pred).len()
    }

    /// Removes and returns every event matching `pred`, in order.
    pub fn extract_where(&mut self, pred: &dyn Fn(&QueuedEvent) -> bool) -> Vec<QueuedEvent> {
        let (out, keep) = split_events(core::mem::take(&mut self.items), pred);
        self.items = keep;
        out
    }

    pub fn clear(&mut self) -> usize {
        let n = self.items.len();
        self.items.clear();
        n
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &QueuedEvent> {
        self.items.iter()
    }

    /// The events, oldest first.
    pub fn events(&self) -> &[QueuedEvent] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: &str) -> QueuedEvent {
        QueuedEvent::new(id.into(), Purposes::DENIED, 0.0, Value::Null)
    }

    fn ids(q: &BoundedQueue) -> Vec<&str> {
        q.iter().map(|e| e.event_id.as_str()).collect()
    }

    #[test]
    fn drops_oldest_when_full_and_counts_it() {
        let mut q = BoundedQueue::new(2);
        for id in ["a", "b", "c"] {
            q.push(ev(id));
        }
        assert_eq!(ids(&q), ["b", "c"]);
        assert_eq!(q.overflowed, 1);
    }

    #[test]
    fn requeue_keeps_order_and_bound() {
        let mut q = BoundedQueue::new(3);
        q.push(ev("c"));
        q.push(ev("d"));
        q.requeue_front(vec![ev("a"), ev("b")]);
        assert_eq!(ids(&q), ["b", "c", "d"]);
        assert_eq!(q.overflowed, 1);
        assert_eq!(q.take(2).len(), 2);
        assert_eq!(ids(&q), ["d"]);
    }

    #[test]
    fn extract_partitions_in_order() {
        let mut q = BoundedQueue::new(5);
        for id in ["a", "b", "c"] {
            q.push(ev(id));
        }
        let out = q.extract_where(&|e| e.event_id != "b");
        assert_eq!(
            out.iter().map(|e| e.event_id.as_str()).collect::<Vec<_>>(),
            ["a", "c"]
        );
        assert_eq!(ids(&q), ["b"]);
    }

    #[test]
    fn push_all_is_one_push_each() {
        for max in 1..6 {
            for held in 0..=max {
                for more in 0..9 {
                    let (mut one, mut all) = (BoundedQueue::new(max), BoundedQueue::new(max));
                    for i in 0..held {
                        one.push(ev(&i.to_string()));
                        all.push(ev(&i.to_string()));
                    }
                    let new: Vec<QueuedEvent> = (0..more).map(|i| ev(&format!("n{i}"))).collect();
                    for e in new.clone() {
                        one.push(e);
                    }
                    all.push_all(new);
                    assert_eq!((ids(&one), one.overflowed), (ids(&all), all.overflowed));
                    // The newest `max` of everything pushed, the rest counted.
                    let mut every: Vec<String> = (0..held).map(|i| i.to_string()).collect();
                    every.extend((0..more).map(|i| format!("n{i}")));
                    let excess = every.len().saturating_sub(max);
                    assert_eq!(ids(&one), every[excess..]);
                    assert_eq!(one.overflowed as usize, excess);
                }
            }
        }
    }

    #[test]
    fn remove_and_split_keep_order() {
        let mut q = BoundedQueue::new(5);
        for id in ["a", "b", "c", "d"] {
            q.push(ev(id));
        }
        assert_eq!(q.remove_where(&|e| e.event_id == "b"), 1);
        assert_eq!(ids(&q), ["a", "c", "d"]);
        assert_eq!(q.remove_where(&|_| false), 0);
        let (hit, rest) = split_events(vec![ev("x"), ev("y"), ev("z")], &|e| e.event_id != "y");
        let names = |v: &[QueuedEvent]| v.iter().map(|e| e.event_id.clone()).collect::<Vec<_>>();
        assert_eq!(
            (names(&hit), names(&rest)),
            (vec!["x".into(), "z".into()], vec!["y".to_string()])
        );
    }
}
