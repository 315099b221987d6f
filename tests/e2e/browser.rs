//! A real browser: headless Chromium loads the demo's 2017 follow-up from the
//! real binary, and the test reads the text it rendered and checks that its
//! screenshot shows a styled page, not a blank one.
//!
//! Chromium is required: `.ci/run` installs it. Where it is missing the test
//! fails (never passes without testing) and says how to install it.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::server::Server;

/// The demo's earlier agreement, whose 2017 follow-up is the seed's.
const FOLLOW_UP_2017: &str = "/agreements/5a1e0000-2017-4000-8000-000000000001/follow-up/2017";
/// How long Chromium may take to load and render one page.
const BROWSER_PATIENCE: Duration = Duration::from_secs(90);

/// `chromium` or `chromium-browser` on `PATH`.
pub(crate) fn chromium() -> PathBuf {
    program(
        &["chromium", "chromium-browser"],
        "chromium",
        "the browser test",
    )
}

/// The first of `names` on `PATH`; a missing one fails the test (never
/// skips it), saying which Debian `package` to install.
pub(crate) fn program(names: &[&str], package: &str, test: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    });
    match found {
        Some(program) => program,
        None if std::env::var_os("CI").is_some() => panic!(
            "{} is missing in CI, where {test} is required: \
             .ci/run installs it (apt-get install -y {package})",
            names[0]
        ),
        None => panic!(
            "{} is needed for {test}: apt-get install -y {package}",
            names[0]
        ),
    }
}

/// Runs headless Chromium with `args` and `url`, its standard output to
/// `stdout`; fails the test if it does not finish in time or fails.
fn run_chromium(browser: &Path, profile: &Path, stdout: &Path, args: &[&str], url: &str) {
    let stderr = profile.with_extension("stderr.log");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(File::create(stdout).expect("a file for Chromium's output"))
        .stderr(File::create(&stderr).expect("a file for Chromium's log"))
        .spawn()
        .expect("start Chromium");
    let deadline = Instant::now() + BROWSER_PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().expect("Chromium's status") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "Chromium did not finish {args:?} {url} within {} s; its log:\n{}",
                BROWSER_PATIENCE.as_secs(),
                std::fs::read_to_string(&stderr).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        status.success(),
        "Chromium failed ({status}) on {args:?} {url}; its log:\n{}",
        std::fs::read_to_string(&stderr).unwrap_or_default()
    );
}

/// A decoded screenshot: its size and pixels, RGB.
pub(crate) struct Screenshot {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pixels: Vec<[u8; 3]>,
}

impl Screenshot {
    pub(crate) fn read(path: &Path) -> Screenshot {
        Screenshot::decode(File::open(path).expect("the screenshot exists"))
    }

    pub(crate) fn decode(png: impl std::io::Read) -> Screenshot {
        let decoder = png::Decoder::new(png);
        let mut reader = decoder.read_info().expect("the screenshot is a PNG");
        let mut buffer = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut buffer).expect("a readable frame");
        assert_eq!(frame.bit_depth, png::BitDepth::Eight, "8-bit colour");
        let samples = frame.color_type.samples();
        assert!(
            samples >= 3,
            "a colour screenshot, not {:?}",
            frame.color_type
        );
        let pixels = buffer[..frame.buffer_size()]
            .chunks_exact(samples)
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        Screenshot {
            width: frame.width,
            height: frame.height,
            pixels,
        }
    }

    fn at(&self, x: u32, y: u32) -> [u8; 3] {
        self.pixels[(y * self.width + x) as usize]
    }

    /// Fails unless this is a page with text and colour, the site's
    /// stylesheet applied (its dark blue band across the top).
    pub(crate) fn assert_a_styled_page(&self) {
        let mut colours = self.pixels.clone();
        colours.sort_unstable();
        colours.dedup();
        assert!(
            colours.len() > 100,
            "the screenshot looks blank: {} distinct colours",
            colours.len()
        );
        let white = [255, 255, 255];
        let inked = self.pixels.iter().filter(|p| **p != white).count();
        assert!(
            inked * 100 > self.pixels.len() * 3,
            "the screenshot looks blank: only {inked} of {} pixels are not white",
            self.pixels.len()
        );
        let band = self.at(4, 4);
        assert!(
            band[2] > band[0] && band.iter().all(|c| *c < 128),
            "the header band is not the stylesheet's dark blue: {band:?}"
        );
    }
}

#[test]
fn chromium_renders_the_demos_2017_follow_up() {
    let browser = chromium();
    let server = Server::start_demo();
    let url = server.url(FOLLOW_UP_2017);
    let json = server.get(&format!("/api/v1{FOLLOW_UP_2017}"), None);
    assert_eq!(json.status, 200, "{}", json.text);
    let hash = json.body["built_from"]["hash"]
        .as_str()
        .expect("the follow-up names its hash")
        .to_owned();
    let work = tempfile::tempdir().expect("a temporary directory");

    // The text the browser rendered, from its DOM.
    let dom_file = work.path().join("dom.html");
    run_chromium(
        &browser,
        &work.path().join("profile-dom"),
        &dom_file,
        &["--dump-dom"],
        &url,
    );
    let dom = std::fs::read_to_string(&dom_file).expect("Chromium's DOM");
    for text in [
        "<h1>Uppföljning 2017</h1>",
        "En tryggare trafiksituation",
        "Minskad risk för alkohol- och droganvändning för unga",
        "Trafikkontroll",
        "Allvarssamtal",
        "4 samtal",
        "ett flertal kontroller",
        "Hagfors centrum",
        "Ekshärad",
        "Tonårsparlören",
        "juli 2017",
        "1–15 november 2017",
        "Genomförda aktiviteter per månad och slag 2017",
        "Uppföljningen gjordes i Trygghetsrådet",
    ] {
        assert!(
            dom.contains(text),
            "the rendered page lacks {text:?}:\n{dom}"
        );
    }
    assert!(dom.contains(&hash), "the as-of line lacks the hash {hash}");
    assert!(dom.contains("role=\"img\""), "the chart is an image");
    assert!(!dom.contains("<script"), "no JavaScript");

    // The screenshot: the size asked for, a page with text and colour.
    let png_file = work.path().join("follow-up.png");
    run_chromium(
        &browser,
        &work.path().join("profile-shot"),
        &work.path().join("shot.log"),
        &[
            &format!("--screenshot={}", png_file.display()),
            "--window-size=1280,2000",
        ],
        &url,
    );
    let shot = Screenshot::read(&png_file);
    assert_eq!((shot.width, shot.height), (1280, 2000));
    shot.assert_a_styled_page();
}
