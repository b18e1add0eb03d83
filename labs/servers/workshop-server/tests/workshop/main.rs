//! The workshop server as a black box, over real TCP: the community curriculum, malformed input,
//! durability across `kill -9`, notification delivery that never blocks, and the README's curl commands.

mod browser;
mod curriculum;
mod durability;
mod hand_in;
mod handle_poll;
mod malformed;
mod readme;
mod secure;
mod support;
