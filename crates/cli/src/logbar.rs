//! Logs and a progress bar on one stderr: while a bar is shown, each log
//! line is written with the bar lifted (cleared, the line written, the bar
//! drawn again), so no log line ends up glued to a stale bar.

use std::io::{self, Write};
use std::sync::Mutex;

use indicatif::ProgressBar;

/// The bar on screen, if any.
static SHOWN: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// A progress bar of `len` steps on stderr when it is a terminal (and not
/// `quiet`), shown: log lines lift it until [`finish`].
pub fn bar(len: u64, quiet: bool) -> Option<ProgressBar> {
    use std::io::IsTerminal as _;
    if quiet || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} [{elapsed_precise}] {msg}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    // Drawn at once, not at the first tick: a short run shows it too.
    bar.tick();
    show(&bar);
    Some(bar)
}

/// Clear the bar off the screen; log lines go straight to stderr again.
pub fn finish(bar: Option<&ProgressBar>) {
    if let Some(bar) = bar {
        bar.finish_and_clear();
        hide();
    }
}

/// Print a line on stderr, above the bar when one is shown.
pub fn say(line: &str) {
    let bar = SHOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    match bar {
        Some(bar) if !bar.is_finished() => bar.println(line),
        _ => eprintln!("{line}"),
    }
}

/// `bar` is on screen from now on: log lines lift it.
fn show(bar: &ProgressBar) {
    *SHOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(bar.clone());
}

/// The bar is gone: log lines go straight to stderr again.
fn hide() {
    *SHOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
}

/// Standard error, lifting the bar on screen for each write (the log
/// formatter writes one event at a time).
pub struct Stderr;

impl Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let bar = SHOWN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        match bar {
            Some(bar) if !bar.is_finished() => {
                bar.suspend(|| io::stderr().write_all(buf))?;
                Ok(buf.len())
            }
            _ => io::stderr().write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}
