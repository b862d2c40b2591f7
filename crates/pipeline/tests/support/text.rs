//! Deterministic article text: titles, bylines, body paragraphs and the
//! shared related-story teasers. Everything is a pure function of the
//! article index (and version); nothing is random and nothing is stored.

/// Unix time of article 0's publication: 2023-01-01T00:00:00Z.
const EPOCH: u64 = 1_672_531_200;
/// Articles are published this many seconds apart.
const SPACING: u64 = 1_800;
/// The first version was last edited this long after publication.
const FIRST_EDIT: u64 = 600;

pub const SITE_NAME: &str = "Test Gazette";

/// Section names; article `i` belongs to `SECTIONS[i % SECTIONS.len()]`.
pub const SECTIONS: [&str; 5] = ["World", "Business", "Science", "Culture", "Sport"];

/// The four related-story teasers every article ends with (when enabled):
/// a headline and a teaser that ends in a section label.
pub const TEASERS: [(&str, &str); 4] = [
    (
        "Harbour ferry timetable to change in spring",
        "Commuters will see earlier sailings and fewer late crossings under the new plan. Business -",
    ),
    (
        "Young sprinter breaks regional record at indoor meet",
        "The 17-year-old shaved a tenth of a second off a mark that had stood for two decades. Sport -",
    ),
    (
        "Lost manuscript returns to the city archive",
        "Volunteers spent three years tracing the notebook through private collections abroad. Culture -",
    ),
    (
        "Storm warning issued for the northern coast",
        "Forecasters expect gusts of up to 90 km/h and heavy rain through the weekend. World -",
    ),
];

const PLACES: [&str; 17] = [
    "Ashford",
    "Brookvale",
    "Carrow",
    "Dunmere",
    "Eastleigh",
    "Fernhill",
    "Glenmoor",
    "Harwick",
    "Ivybridge",
    "Kestrel Bay",
    "Lowmarsh",
    "Millbrook",
    "Northgate",
    "Oakhurst",
    "Pennant",
    "Redcliffe",
    "Stonebridge",
];
const SUBJECTS: [&str; 13] = [
    "council",
    "hospital trust",
    "rail operator",
    "water board",
    "school district",
    "port authority",
    "library service",
    "energy cooperative",
    "housing association",
    "farmers' union",
    "museum",
    "bus company",
    "fire service",
];
const VERBS: [&str; 11] = [
    "approves",
    "delays",
    "expands",
    "reviews",
    "rejects",
    "funds",
    "pauses",
    "unveils",
    "revises",
    "defends",
    "completes",
];
const OBJECTS: [&str; 10] = [
    "budget plan",
    "bridge repairs",
    "night services",
    "flood defences",
    "new clinic",
    "pay offer",
    "school meals scheme",
    "recycling contract",
    "market reform",
    "tree planting drive",
];
const FIRST_NAMES: [&str; 12] = [
    "Amira", "Ben", "Clara", "Dev", "Elena", "Farid", "Grace", "Hugo", "Iris", "Jonas", "Keiko",
    "Luis",
];
const LAST_NAMES: [&str; 12] = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Patel",
    "Reyes",
    "Schmidt",
    "Tanaka",
    "Walsh",
    "Novak",
    "Haddad",
    "Brennan",
    "Costa",
];
const ROLES: [&str; 10] = [
    "a spokesperson for the",
    "the chair of the",
    "a senior engineer at the",
    "the finance director of the",
    "a long-serving member of the",
    "an adviser to the",
    "the deputy head of the",
    "a union representative at the",
    "the press officer for the",
    "a trustee of the",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const ADJECTIVES: [&str; 14] = [
    "cautious",
    "detailed",
    "heated",
    "lengthy",
    "brief",
    "unexpected",
    "careful",
    "public",
    "private",
    "spirited",
    "sober",
    "crowded",
    "quiet",
    "tense",
];
const GROUPS: [&str; 12] = [
    "residents",
    "shop owners",
    "parents",
    "nurses",
    "drivers",
    "pensioners",
    "students",
    "fishermen",
    "volunteers",
    "teachers",
    "cyclists",
    "tenants",
];
const CONCERNS: [&str; 12] = [
    "rising costs",
    "noise at night",
    "the loss of parking",
    "longer waiting times",
    "the pace of the work",
    "a lack of consultation",
    "safety on the main road",
    "the closure of a side entrance",
    "staff shortages",
    "the state of the old buildings",
    "higher fees",
    "the choice of contractor",
];
const VERBS_INF: [&str; 10] = [
    "finish",
    "publish",
    "reconsider",
    "extend",
    "scale back",
    "put to a vote",
    "sign off",
    "test",
    "explain",
    "defend",
];

/// A small deterministic generator (splitmix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len() as u64) as usize]
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
}

fn seed(i: usize, part: u64) -> u64 {
    (i as u64)
        .wrapping_mul(0x1000_0000_01b3)
        .wrapping_add(part.wrapping_mul(0x0100_0193))
}

/// Unix time at which article `i` was published.
pub fn published(i: usize) -> u64 {
    EPOCH + i as u64 * SPACING
}

/// Unix time of article `i`'s first version (before any change).
pub fn first_modified(i: usize) -> u64 {
    published(i) + FIRST_EDIT
}

/// The section of article `i`.
pub fn section(i: usize) -> &'static str {
    SECTIONS[i % SECTIONS.len()]
}

/// Article `i`'s headline, unique for every index.
pub fn title(i: usize) -> String {
    let place = PLACES[i % 17];
    let subject = SUBJECTS[(i / 17) % 13];
    let verb = VERBS[(i / 221) % 11];
    let object = OBJECTS[(i / 2431) % 10];
    let round = i / 24_310;
    let mut t = format!("{place} {subject} {verb} {object}");
    if round > 0 {
        t.push_str(&format!(" (part {})", round + 1));
    }
    t
}

/// The URL slug of article `i`, derived from its title.
pub fn slug(i: usize) -> String {
    let mut out = String::new();
    for c in title(i).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == ' ' && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The path of article `i`: `/news/{i}-{slug}.html`.
pub fn article_path(i: usize) -> String {
    format!("/news/{i}-{}.html", slug(i))
}

/// The author of article `i`.
pub fn author(i: usize) -> String {
    let mut r = Rng::new(seed(i, 1));
    format!("{} {}", r.pick(&FIRST_NAMES), r.pick(&LAST_NAMES))
}

/// The unique sentence in version `version` of article `i`'s first paragraph.
pub fn body_marker(i: usize, version: u32) -> String {
    let place = PLACES[i % 17];
    format!(
        "Report {i} edition {version} notes that {} confirmed the {place} figures.",
        author(i)
    )
}

/// The article's people and places, fixed per article.
struct Cast {
    place: &'static str,
    subject: &'static str,
    object: &'static str,
    person: String,
    role: &'static str,
}

impl Cast {
    fn of(i: usize) -> Cast {
        let mut r = Rng::new(seed(i, 2));
        Cast {
            place: PLACES[i % 17],
            subject: SUBJECTS[(i / 17) % 13],
            object: OBJECTS[(i / 2431) % 10],
            person: format!("{} {}", r.pick(&FIRST_NAMES), r.pick(&LAST_NAMES)),
            role: r.pick(&ROLES),
        }
    }
}

/// Sentence templates; each article deals them from its own shuffled deck
/// so no template repeats until all have been used.
const TEMPLATES: u64 = 20;

fn sentence(r: &mut Rng, c: &Cast, template: u64) -> String {
    let (place, subject, object, person) = (c.place, c.subject, c.object, &c.person);
    match template {
        0 => format!(
            "Officials in {place} said the {subject} would {} the {object} before the end of {}.",
            r.pick(&VERBS_INF),
            r.pick(&MONTHS)
        ),
        1 => format!(
            "{person}, {} {subject}, described the {} meeting on {} as a turning point.",
            c.role,
            r.pick(&ADJECTIVES),
            r.pick(&DAYS)
        ),
        2 => format!(
            "Around {} {} attended the session, many of them worried about {}.",
            r.range(12, 480),
            r.pick(&GROUPS),
            r.pick(&CONCERNS)
        ),
        3 => format!(
            "The figures show spending on the {object} rose by {} per cent over {} years.",
            r.range(2, 61),
            r.range(2, 9)
        ),
        4 => format!(
            "\"We have listened to {} and we will keep listening,\" {person} told reporters in {place}.",
            r.pick(&GROUPS)
        ),
        5 => format!(
            "Critics argue that {} has been ignored for too long, and several {} have written to the {subject}.",
            r.pick(&CONCERNS),
            r.pick(&GROUPS)
        ),
        6 => format!(
            "A {} review published in {} found {} separate problems with the original proposal.",
            r.pick(&ADJECTIVES),
            r.pick(&MONTHS),
            r.range(3, 27)
        ),
        7 => format!(
            "The total cost is now estimated at {}.{} million, up from an earlier forecast of {} million.",
            r.range(40, 240),
            r.below(10),
            r.range(5, 39)
        ),
        8 => format!(
            "Local {} said they expected a {} debate when the plan returns on {}.",
            r.pick(&GROUPS),
            r.pick(&ADJECTIVES),
            r.pick(&DAYS)
        ),
        9 => format!(
            "Work on the {object} in {place} is due to {} in {}, weather permitting.",
            r.pick(&["begin", "resume", "finish", "restart", "pause"]),
            r.pick(&MONTHS)
        ),
        10 => format!(
            "Opposition members called the decision {} and asked the {subject} to {} its plans.",
            r.pick(&ADJECTIVES),
            r.pick(&VERBS_INF)
        ),
        11 => format!(
            "Some {} in {place} said {} mattered more to them than the {object} itself.",
            r.pick(&GROUPS),
            r.pick(&CONCERNS)
        ),
        12 => format!(
            "{person} added that a further {} staff would be needed by {}.",
            r.range(3, 95),
            r.pick(&MONTHS)
        ),
        13 => format!(
            "A final decision on the {object} is expected after a {} consultation lasting {} weeks.",
            r.pick(&ADJECTIVES),
            r.range(2, 16)
        ),
        14 => format!(
            "In a letter seen by this newspaper, {} {} urged the {subject} to think again about {}.",
            r.range(8, 300),
            r.pick(&GROUPS),
            r.pick(&CONCERNS)
        ),
        15 => format!(
            "The last comparable scheme in {place}, completed {} years ago, ran {} months late.",
            r.range(3, 25),
            r.range(2, 30)
        ),
        16 => format!(
            "Asked whether the timetable was realistic, {person} gave a {} answer and promised an update in {}.",
            r.pick(&ADJECTIVES),
            r.pick(&MONTHS)
        ),
        17 => format!(
            "Neighbouring towns have watched closely, and at least {} of them are drawing up similar plans for {}.",
            r.range(2, 9),
            r.pick(&GROUPS)
        ),
        18 => format!(
            "Figures released on {} suggest that {} in every {} households would be affected.",
            r.pick(&DAYS),
            r.range(1, 4),
            r.range(5, 20)
        ),
        _ => format!(
            "{person} said the {subject} had received {} complaints about {} since {}.",
            r.range(20, 900),
            r.pick(&CONCERNS),
            r.pick(&MONTHS)
        ),
    }
}

/// Deals sentence templates from a shuffled deck, reshuffling when empty.
struct Deck(Vec<u64>);

impl Deck {
    fn deal(&mut self, r: &mut Rng) -> u64 {
        if self.0.is_empty() {
            self.0 = (0..TEMPLATES).collect();
            for k in (1..self.0.len()).rev() {
                let j = r.below(k as u64 + 1) as usize;
                self.0.swap(k, j);
            }
        }
        self.0.pop().unwrap_or(0)
    }
}

fn paragraph(r: &mut Rng, deck: &mut Deck, c: &Cast) -> String {
    let n = 3 + r.below(2);
    (0..n)
        .map(|_| {
            let t = deck.deal(r);
            sentence(r, c, t)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body paragraphs of version `version` of article `i`: 4 to 6
/// paragraphs of unique text (more than 150 words), the first holding
/// [`body_marker`], and one more paragraph for every change.
pub fn body(i: usize, version: u32) -> Vec<String> {
    let cast = Cast::of(i);
    let mut r = Rng::new(seed(i, 3));
    let mut deck = Deck(Vec::new());
    let count = 4 + r.below(3);
    let mut paras = Vec::with_capacity(count as usize + 1);
    let lead = format!(
        "The {place} {subject} has {} the {object} after a {} meeting on {}. {} {}",
        match (i / 221) % 3 {
            0 => "moved ahead with",
            1 => "taken a fresh look at",
            _ => "come under pressure over",
        },
        r.pick(&ADJECTIVES),
        r.pick(&DAYS),
        body_marker(i, version),
        {
            let t = deck.deal(&mut r);
            sentence(&mut r, &cast, t)
        },
        place = cast.place,
        subject = cast.subject,
        object = cast.object,
    );
    paras.push(lead);
    for _ in 1..count {
        paras.push(paragraph(&mut r, &mut deck, &cast));
    }
    if version > 0 {
        let mut u = Rng::new(seed(i, 100 + u64::from(version)));
        paras.push(format!(
            "Update {version}: this story was revised after {} gave new details about the {} to the {} {}. {}",
            cast.person,
            cast.object,
            cast.place,
            cast.subject,
            sentence(&mut u, &cast, u64::from(version) % TEMPLATES)
        ));
    }
    paras
}

/// A one-sentence summary for feeds and listings.
pub fn summary(i: usize) -> String {
    let c = Cast::of(i);
    format!(
        "The {} {} faces questions over the {}.",
        c.place, c.subject, c.object
    )
}

/// Escape text for HTML or XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `secs` since the Unix epoch as RFC 3339 (`2023-01-01T00:00:00Z`).
pub fn rfc3339(secs: u64) -> String {
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let t = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        t / 3600,
        (t / 60) % 60,
        t % 60
    )
}

/// `secs` since the Unix epoch as a human date (`1 January 2023`).
pub fn human_date(secs: u64) -> String {
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{d} {} {y}", MONTHS[m as usize - 1])
}

/// `secs` since the Unix epoch as an HTTP date (also valid RFC 822 for RSS).
pub fn http_date(secs: u64) -> String {
    httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}

/// Howard Hinnant's days-to-civil conversion.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}
