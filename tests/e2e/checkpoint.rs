//! The public numbers are what the log says, whatever happened to the
//! follow-up's checkpoint while the server was stopped.

use crate::server::Server;

/// The 2017 follow-up of the seed's earlier agreement, as the public reads it.
const FOLLOW_UP: &str = "/api/v1/agreements/5a1e0000-2017-4000-8000-000000000001/follow-up/2017";

/// The experiment: flip one bit of `projections/follow-up.bin` of a
/// stopped server and start it, 12 times (a bit in each twelfth of the
/// file). Before the checkpoint was sealed, 8 of 12 such starts served a
/// follow-up that differed from the log while `built_from` named its head.
/// Now every start refuses the checkpoint, says so in its log, rebuilds it
/// from the log and serves exactly what a server with a sound one served.
#[test]
fn a_flipped_bit_in_the_checkpoint_is_rebuilt_and_the_public_follow_up_is_the_logs() {
    let mut server = Server::start_demo();
    let expected = server.get(FOLLOW_UP, None);
    assert_eq!(expected.status, 200, "{}", expected.text);
    let checkpoint = server.store_dir().join("projections").join("follow-up.bin");
    let saved = std::fs::read(&checkpoint).unwrap();
    let log = server.store_dir().parent().unwrap().join("server.log");
    let warned = || {
        std::fs::read_to_string(&log)
            .unwrap()
            .matches("the follow-up is rebuilt from the log")
            .count()
    };
    assert_eq!(warned(), 0, "a sound checkpoint is used as it is");

    for try_ in 0..12 {
        // Nothing is appended, so the running server does not write the
        // checkpoint again before it is killed.
        let sound = std::fs::read(&checkpoint).unwrap();
        let at = sound.len() * try_ / 12 + try_;
        let mut flipped = sound.clone();
        flipped[at] ^= 1 << (try_ % 8);
        std::fs::write(&checkpoint, &flipped).unwrap();
        server.kill_and_restart();

        let served = server.get(FOLLOW_UP, None);
        assert_eq!(served.status, 200, "try {try_}: {}", served.text);
        assert_eq!(
            served.body,
            expected.body,
            "try {try_}: a bit flipped at byte {at} of {}",
            saved.len()
        );
        assert_eq!(
            warned(),
            try_ + 1,
            "try {try_}: the start says why it rebuilt"
        );
        assert_ne!(
            std::fs::read(&checkpoint).unwrap(),
            flipped,
            "try {try_}: the rebuilt view is checkpointed anew"
        );
    }
}
