//! The tracksafe edge collector on Fastly Compute. It reads the request, asks the shared core
//! (`tracksafe::edge::handle`, the same function behind the Workers collector) what to do, and
//! answers 2xx only after the upstream accepted the batch; otherwise 503 with `Retry-After`.
//! Invariant: nothing from the client request but the body the core rebuilt goes upstream.

mod inbound;
mod reply;
mod settings;
mod upstream;

use fastly::{Request, Response};
use tracksafe::edge::{self, EdgeAction};

fn main() {
    serve(Request::from_client()).send_to_client();
}

fn serve(mut req: Request) -> Response {
    let settings = match settings::load() {
        Ok(s) => s,
        Err(e) => {
            // Fail closed: a misconfigured service refuses everything and says why in its log
            // only (the message may name configuration; the client gets a stable code).
            eprintln!(
                "tracksafe: collector configuration refused: {} ({e:?})",
                e.code()
            );
            return reply::misconfigured();
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
        EdgeAction::Respond(r) => reply::to_response(r),
        // The service is configured without `destinations` (settings.rs): `fan_out` is empty.
        EdgeAction::Forward {
            body,
            on_success,
            on_failure,
            ..
        } => {
            let delivered = upstream::deliver(up, &up.url, &body);
            reply::to_response(if delivered { on_success } else { on_failure })
        }
        EdgeAction::Erase {
            body,
            on_success,
            on_failure,
        } => {
            let delivered = upstream::deliver(up, &up.forget_url, &body);
            reply::to_response(if delivered { on_success } else { on_failure })
        }
    }
}
