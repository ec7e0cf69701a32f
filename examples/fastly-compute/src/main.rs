//! The tracksafe edge collector on Fastly Compute. It reads the request, asks the shared core
//! (`tracksafe::edge::handle_with`, the same function behind the Workers collector) what to do,
//! answers 2xx only after the upstream accepted the batch (otherwise 503 with `Retry-After`), and
//! only then — with the client already answered — delivers the batch to the configured
//! destinations. Invariant: nothing from the client request but the body the core rebuilt goes
//! upstream, and a destination never sees a batch the upstream did not accept.

mod backends;
mod fan_out;
mod inbound;
mod outbound;
mod reply;
mod settings;
mod upstream;

use fastly::{Request, Response};
use tracksafe::edge::{self, DestinationRequest, EdgeAction};

fn main() {
    let (response, fan_out) = serve(Request::from_client());
    // The client gets its answer now; the instance keeps running until `main` returns (within
    // Fastly's per-execution wall-clock limit), like `ctx.waitUntil` on Workers.
    response.send_to_client();
    fan_out::deliver(fan_out);
}

/// The client's answer, and the destination requests to send once it is on its way (empty
/// unless the upstream accepted the batch).
fn serve(mut req: Request) -> (Response, Vec<DestinationRequest>) {
    let settings = match settings::load() {
        Ok(s) => s,
        Err(e) => {
            // Fail closed: a misconfigured service refuses everything and says why in its log
            // only (the message may name configuration; the client gets a stable code).
            eprintln!(
                "tracksafe: collector configuration refused: {}: {e}",
                e.code()
            );
            return (reply::misconfigured(), Vec::new());
        }
    };
    let parts = inbound::read(&mut req, settings.config.max_body_bytes);
    // WASI's random source, drawn only while handling a request (`GET /id` mints an ID).
    let mut fill =
        |buf: &mut [u8]| getrandom::fill(buf).map_err(|_| tracksafe::Error::RandomUnavailable);
    let up = &settings.upstream;
    match edge::handle_with(
        &settings.config,
        &parts.as_edge_request(),
        parts.secure,
        &mut fill,
    ) {
        EdgeAction::Respond(r) => (reply::to_response(r), Vec::new()),
        EdgeAction::Forward {
            body,
            on_success,
            on_failure,
            fan_out,
        } => {
            if upstream::deliver(up, &up.url, &body) {
                // Only once the upstream has the batch: a 503 makes the browser resend it, and
                // the destinations must not see it twice.
                (reply::to_response(on_success), fan_out)
            } else {
                (reply::to_response(on_failure), Vec::new())
            }
        }
        EdgeAction::Erase {
            body,
            on_success,
            on_failure,
        } => {
            let delivered = upstream::deliver(up, &up.forget_url, &body);
            (
                reply::to_response(if delivered { on_success } else { on_failure }),
                Vec::new(),
            )
        }
    }
}
