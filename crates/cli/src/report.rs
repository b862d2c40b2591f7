//! Counting outcomes and reporting failures on stderr.

/// What a command did.
#[derive(Debug, Default)]
pub struct Report {
    /// Inputs that went through.
    pub ok: usize,
    /// Inputs that failed (each already reported on stderr).
    pub failed: usize,
    /// The command printed its own summary line already.
    pub summary_printed: bool,
}

impl Report {
    /// Record and print one failure: one line naming the input.
    pub fn fail(&mut self, error: &anyhow::Error) {
        self.failed += 1;
        // `{:#}` prints the error chain on one line.
        eprintln!("thresh: error: {error:#}");
    }

    /// The summary line for stderr.
    pub fn summary(&self) -> String {
        format!("thresh: {} ok, {} failed", self.ok, self.failed)
    }
}
