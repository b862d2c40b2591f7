//! Tables of data, told from layout tables, and their rows.

use super::Converter;
use crate::html::dom::Tag;

impl Converter<'_, '_> {
    /// A table of data (rendered as rows) rather than layout.
    pub(super) fn is_data_table(&self, t: usize) -> bool {
        let dom = self.dom;
        if dom
            .attr(t, "role")
            .is_some_and(|r| r.eq_ignore_ascii_case("presentation"))
        {
            return false;
        }
        let mut rows = 0;
        let mut max_cols = 0;
        let mut header = false;
        // A row of two or more column headings (`th` only) over the rows.
        let mut heading_row = false;
        // A cell holding paragraphs or a long run of blocks: a layout
        // table's, unless the columns are headed.
        let mut page_cell = false;
        let mut j = t + 1;
        let end = dom.end(t);
        while j < end {
            match dom.tag(j) {
                Tag::Table => return false,
                Tag::TableCaption => header = true,
                Tag::Tr => {
                    rows += 1;
                    let (mut cols, mut ths) = (0, 0);
                    for c in dom.children(j).filter(|&c| dom.tag(c) == Tag::Cell) {
                        cols += 1;
                        ths += usize::from(dom.name(c) == "th");
                    }
                    max_cols = max_cols.max(cols);
                    heading_row |= rows == 1 && cols >= 2 && ths == cols;
                }
                Tag::Cell => {
                    let s = &self.stats[j];
                    page_cell |= s.has_block && (s.paras > 1 || s.chars > 400);
                    if dom.name(j) == "th" {
                        header = true;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        if rows <= 1 || max_cols <= 1 || (page_cell && !(heading_row && rows >= 3)) {
            return false;
        }
        header || rows * max_cols > 4
    }

    /// Rows of a data table, cell texts.
    pub(super) fn table_rows(&self, t: usize) -> Vec<Vec<String>> {
        let dom = self.dom;
        let mut rows = Vec::new();
        let mut j = t + 1;
        let end = dom.end(t);
        while j < end {
            if self.dropped[j] {
                j = dom.end(j);
                continue;
            }
            if dom.tag(j) == Tag::Tr {
                let cells: Vec<String> = dom
                    .children(j)
                    .filter(|&c| dom.tag(c) == Tag::Cell && !self.dropped[c])
                    .map(|c| self.inline_text(c, false).0)
                    .collect();
                if cells.iter().any(|c| !c.is_empty()) {
                    rows.push(cells);
                }
                j = dom.end(j);
            } else {
                j += 1;
            }
        }
        rows
    }
}
