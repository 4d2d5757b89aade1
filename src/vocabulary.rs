//! Every keyword list the classifier uses, in one place (like Readability's regex table and
//! trafilatura's selector module). Nothing else in Pith, Rust or JS, spells a keyword.
//!
//! Two kinds of lists: **attribute cues**, matched against `class`/`id`/`role`/hint tokens, and **text
//! cues**, matched against the lower-cased start of a block's own text. Attribute cues come as
//! `substrings` (distinctive enough to match anywhere, e.g. `newsletter` in `site-newsletter-box`) and
//! `tokens` (short words that must be a whole token, e.g. `ad` in `ad-slot` but not in `header`).

/// What a cue points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// Main content (article, post, entry, product description).
    Content,
    /// Ads, subscriptions, related rails, share bars.
    Promo,
    /// Menus, breadcrumbs, pagination, site header/footer.
    Nav,
    /// Cookie/consent, copyright, privacy, terms.
    Legal,
    /// Reader comments.
    Comment,
    /// Heading-area metadata: byline, author, date, headline.
    Meta,
}

/// Number of [`Cue`] kinds.
pub const CUE_COUNT: usize = 6;

/// Attribute vocabulary of one cue.
pub struct AttributeCue {
    /// The cue.
    pub cue: Cue,
    /// Matched anywhere inside a lower-cased class/id/role/hints string.
    pub substrings: &'static [&'static str],
    /// Matched only as a whole token (split at `-`, `_`, space, digits and camelCase humps).
    pub tokens: &'static [&'static str],
}

/// Attribute cues, by class.
pub const ATTRIBUTE_CUES: [AttributeCue; CUE_COUNT] = [
    AttributeCue {
        cue: Cue::Content,
        substrings: &[
            "article",
            "content",
            "entry",
            "story",
            "post-body",
            "postbody",
            "post-content",
            "main-text",
            "maintext",
            "prose",
            "markdown",
            "rich-text",
            "richtext",
            "body-text",
            "bodytext",
            "description",
            "recipe",
            "answer",
            "question",
            "thread",
            "message-body",
            "blog",
            "documentation",
            "docs-content",
        ],
        tokens: &[
            "post",
            "text",
            "main",
            "body",
            "page",
            "article",
            "articlebody",
            "text-block",
            "paragraph",
            "product",
        ],
    },
    AttributeCue {
        cue: Cue::Promo,
        substrings: &[
            "advert",
            "sponsor",
            "promo",
            "newsletter",
            "subscri",
            "paywall",
            "related",
            "recommend",
            "share",
            "sharing",
            "social",
            "outbrain",
            "taboola",
            "adslot",
            "ad-slot",
            "ad_slot",
            "adunit",
            "ad-unit",
            "dfp",
            "gpt-ad",
            "googleads",
            "upsell",
            "signup",
            "sign-up",
            "app-banner",
            "appbanner",
            "download-app",
            "trending",
            "popular",
            "most-read",
            "mostread",
            "more-stories",
            "morestories",
            "read-more",
            "readmore",
            "teaser",
            "marketing",
            "offer",
            "donate",
            "membership",
            "register",
            "follow",
            "widget",
            "carousel",
            "affiliate",
            "commercial",
            "billboard",
            "leaderboard",
            "skyscraper",
            "interstitial",
            "overlay",
            "modal",
            "popup",
        ],
        tokens: &[
            "ad",
            "ads",
            "adv",
            "advertisement",
            "cta",
            "rail",
            "aside",
            "tags",
            "tag",
            "print",
            "email",
            "banner",
        ],
    },
    AttributeCue {
        cue: Cue::Nav,
        substrings: &[
            "navigation",
            "navbar",
            "nav-",
            "-nav",
            "_nav",
            "nav_",
            "menu",
            "breadcrumb",
            "pagination",
            "pager",
            "masthead",
            "topbar",
            "top-bar",
            "toolbar",
            "skip-link",
            "skiplink",
            "sitemap",
            "site-header",
            "siteheader",
            "site-footer",
            "sitefooter",
            "header",
            "footer",
            "sidebar",
            "drawer",
            "dropdown",
            "hamburger",
            "toc",
            "table-of-contents",
            "jump-to",
            "tabs",
            "logo",
            "search",
        ],
        tokens: &[
            "nav",
            "navigation",
            "menu",
            "breadcrumbs",
            "banner",
            "contentinfo",
            "complementary",
            "foot",
            "head",
            "links",
        ],
    },
    AttributeCue {
        cue: Cue::Legal,
        substrings: &[
            "cookie",
            "consent",
            "gdpr",
            "ccpa",
            "copyright",
            "legal",
            "disclaimer",
            "privacy",
            "terms",
            "onetrust",
            "didomi",
            "usercentrics",
            "trustarc",
            "truste",
            "qc-cmp",
            "cmp-",
            "-cmp",
            "cc-banner",
            "cc-window",
            "notice",
            "imprint",
            "impressum",
            "licen",
        ],
        tokens: &["cmp", "tos", "eu"],
    },
    AttributeCue {
        cue: Cue::Comment,
        substrings: &["comment", "disqus", "respond", "replies", "reply", "discussion", "feedback", "review"],
        tokens: &["talk"],
    },
    AttributeCue {
        cue: Cue::Meta,
        substrings: &[
            "byline",
            "author",
            "dateline",
            "published",
            "timestamp",
            "pubdate",
            "headline",
            "title",
            "caption",
            "subtitle",
            "dek",
            "standfirst",
            "summary",
            "lede",
            "intro",
            "figure",
            "photo",
            "image",
            "credit",
        ],
        tokens: &["date", "time", "h1", "meta", "kicker"],
    },
];

/// Attribute words of bylines and publication dates (kept visible next to the headline).
pub const BYLINE_ATTRIBUTES: &[&str] = &[
    "byline",
    "author",
    "dateline",
    "published",
    "pubdate",
    "timestamp",
    "posted-on",
    "post-date",
    "entry-date",
    "article-date",
    "datepublished",
    "date-published",
    "publish-date",
];

/// True when an attribute value names a byline or a publication date.
pub fn is_byline_attribute(value: &str) -> bool {
    !value.is_empty() && {
        let lowered = value.to_ascii_lowercase();
        BYLINE_ATTRIBUTES.iter().any(|w| lowered.contains(w))
    }
}

/// Text vocabulary of one cue.
pub struct TextCue {
    /// The cue.
    pub cue: Cue,
    /// Lower-case phrases, matched anywhere in the lower-cased block text sample.
    pub phrases: &'static [&'static str],
}

/// Words that make a short link a legal one ("Privacy", "Terms & Conditions", "Impressum"): too
/// common in prose to be text cues, decisive on a two-word footer link.
pub const LEGAL_LINK_WORDS: &[&str] = &[
    "privacy",
    "terms",
    "term of use",
    "legal",
    "policies",
    "disclosure",
    "imprint",
    "accessibility statement",
    "adchoices",
    "notice at collection",
    "impressum",
    "datenschutz",
    "mentions",
    "confidentialité",
    "privacidad",
    "privacidade",
    "voorwaarden",
    "規約",
    "隐私",
];

/// Whether a short link's text names a legal page (see [`LEGAL_LINK_WORDS`]).
pub fn is_legal_link_text(lowered: &str) -> bool {
    LEGAL_LINK_WORDS.iter().any(|w| lowered.contains(w))
}

/// Text cues: English, German, French, Spanish, Italian, Portuguese, Dutch, Chinese, Japanese.
pub const TEXT_CUES: [TextCue; 4] = [
    TextCue {
        cue: Cue::Legal,
        phrases: &[
            // en
            "cookie",
            "consent",
            "privacy policy",
            "privacy notice",
            "terms of use",
            "terms of service",
            "terms and conditions",
            "all rights reserved",
            "©",
            "copyright",
            "(c) 20",
            "disclaimer",
            "do not sell my",
            "reproduction",
            "without permission",
            "personal data",
            // affiliate disclaimers (Amazon's required wording, and the usual one)
            "qualifying purchases",
            "affiliate link",
            // de
            "datenschutz",
            "impressum",
            "alle rechte vorbehalten",
            "nutzungsbedingungen",
            "einwilligung",
            "agb",
            // fr
            "confidentialité",
            "tous droits réservés",
            "mentions légales",
            "conditions d'utilisation",
            "conditions générales",
            "consentement",
            "données personnelles",
            // es
            "política de privacidad",
            "todos los derechos reservados",
            "aviso legal",
            "términos y condiciones",
            "consentimiento",
            "datos personales",
            // it
            "informativa",
            "tutti i diritti riservati",
            "termini e condizioni",
            "note legali",
            "consenso",
            // pt
            "política de privacidade",
            "todos os direitos reservados",
            "termos de uso",
            "consentimento",
            // nl
            "privacybeleid",
            "alle rechten voorbehouden",
            "algemene voorwaarden",
            "toestemming",
            // zh
            "隐私",
            "隱私",
            "版权所有",
            "版權所有",
            "使用条款",
            "服務條款",
            "免责声明",
            "免責聲明",
            // ja
            "プライバシー",
            "著作権",
            "利用規約",
            "無断転載",
            "クッキー",
            "免責事項",
        ],
    },
    TextCue {
        cue: Cue::Promo,
        phrases: &[
            // en
            "subscribe",
            "newsletter",
            "sign up",
            "advertisement",
            "sponsored",
            "related",
            "recommended",
            "you may also like",
            "you might also like",
            "download the app",
            "get the app",
            "share this",
            "share on",
            "follow us",
            "unlimited access",
            "free trial",
            "read more",
            "more stories",
            "most popular",
            "trending",
            "promoted",
            "paid content",
            "partner content",
            "limited time",
            // de
            "abonnieren",
            "abonnement",
            "anzeige",
            "werbung",
            "teilen",
            "auch interessant",
            "mehr zum thema",
            "jetzt lesen",
            "gratis testen",
            // fr
            "abonnez-vous",
            "s'abonner",
            "publicité",
            "partager",
            "lire aussi",
            "à lire",
            "inscrivez-vous",
            // es
            "suscríbete",
            "suscribirse",
            "publicidad",
            "compartir",
            "te puede interesar",
            "relacionad",
            // it
            "iscriviti",
            "abbonati",
            "pubblicità",
            "condividi",
            "potrebbe interessarti",
            "correlati",
            // pt
            "assine",
            "inscreva-se",
            "publicidade",
            "compartilh",
            "leia também",
            "relacionad",
            // nl
            "abonneren",
            "nieuwsbrief",
            "advertentie",
            "delen",
            "lees ook",
            "gerelateerd",
            // zh
            "订阅",
            "訂閱",
            "广告",
            "廣告",
            "分享",
            "相关",
            "相關",
            "推荐",
            "推薦",
            // ja
            "購読",
            "広告",
            "シェア",
            "関連記事",
            "おすすめ",
            "ニュースレター",
            "会員登録",
        ],
    },
    TextCue {
        cue: Cue::Nav,
        phrases: &[
            "skip to",
            "main menu",
            "home",
            "next page",
            "previous page",
            "back to top",
            "sitemap",
            "log in",
            "sign in",
            "startseite",
            "accueil",
            "inicio",
            "página",
            "pagina",
            "首页",
            "首頁",
            "ホーム",
            "メニュー",
            "次へ",
            "前へ",
        ],
    },
    TextCue {
        cue: Cue::Comment,
        phrases: &[
            "comments",
            "leave a reply",
            "leave a comment",
            "post a comment",
            "kommentare",
            "commentaires",
            "comentarios",
            "commenti",
            "comentários",
            "reacties",
            "评论",
            "評論",
            "コメント",
        ],
    },
];

/// Splits an attribute value into lower-case tokens at separators, digits and camelCase humps.
pub fn attribute_tokens(value: &str) -> impl Iterator<Item = String> + '_ {
    let mut tokens: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for ch in value.chars() {
        if !ch.is_alphanumeric() || ch.is_ascii_digit() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if ch.is_uppercase() && previous_lower && !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
        }
        previous_lower = ch.is_lowercase();
        current.extend(ch.to_lowercase());
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens.into_iter()
}

/// Needles grouped by first byte, each with its cue bit, so one scan of a haystack finds every
/// needle in it (instead of one substring search per needle: the vocabulary has hundreds).
type ByteIndex = [Vec<(&'static [u8], u8)>; 256];

fn build_index(entries: impl Iterator<Item = (&'static str, u8)>) -> ByteIndex {
    let mut index: ByteIndex = std::array::from_fn(|_| Vec::new());
    for (needle, bit) in entries {
        index[needle.as_bytes()[0] as usize].push((needle.as_bytes(), bit));
    }
    index
}

/// Bits of every needle found in `haystack`, and of those found outside every [`NEUTRAL`] needle.
fn scan(index: &ByteIndex, haystack: &str) -> (u8, u8) {
    let bytes = haystack.as_bytes();
    let (mut all, mut outside) = (0u8, 0u8);
    let mut neutral_end = 0;
    for start in 0..bytes.len() {
        let rest = &bytes[start..];
        for &(needle, bit) in &index[rest[0] as usize] {
            // The second byte first: most candidates fail there, without a memcmp call.
            if outside & bit == 0
                && rest.len() >= needle.len()
                && (needle.len() < 2 || rest[1] == needle[1])
                && rest.starts_with(needle)
            {
                all |= bit;
                if bit == NEUTRAL {
                    neutral_end = neutral_end.max(start + needle.len());
                } else if start >= neutral_end {
                    outside |= bit;
                }
            }
        }
    }
    (all & !NEUTRAL, outside)
}

fn substring_index() -> &'static ByteIndex {
    static INDEX: std::sync::OnceLock<ByteIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        // Neutral words first: a cue that starts where one does is inside it.
        build_index(SUBLABEL_NEUTRAL.iter().map(|s| (*s, NEUTRAL)).chain(
            ATTRIBUTE_CUES.iter().enumerate().flat_map(|(i, cue)| cue.substrings.iter().map(move |s| (*s, 1u8 << i))),
        ))
    })
}

fn phrase_index() -> &'static ByteIndex {
    static INDEX: std::sync::OnceLock<ByteIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        build_index(TEXT_CUES.iter().flat_map(|cue| cue.phrases.iter().map(move |p| (*p, 1u8 << cue_bit(cue.cue)))))
    })
}

/// Words of class and id values that read as a cue but say nothing of what a block is, for its
/// sub-label: a feedback widget is site chrome, not reader comments; a page builder's wrapper
/// (`elementor-widget-container`, around every element of an Elementor page) names the builder,
/// not the block. The model still sees the cues in them: it learnt with them.
pub const SUBLABEL_NEUTRAL: &[&str] = &["feedback", "elementor-widget"];

/// The scan's bit for a [`SUBLABEL_NEUTRAL`] word (above every [`Cue`] bit).
const NEUTRAL: u8 = 1 << 7;

/// Which attribute cues one attribute value carries (one bit per [`Cue`]): for the model, and for
/// a sub-label (cues inside [`SUBLABEL_NEUTRAL`] words left out).
fn value_cue_sets(value: &str) -> (u8, u8) {
    if value.trim().is_empty() {
        return (0, 0);
    }
    let (mut model, mut sublabel) = scan(substring_index(), &value.to_lowercase());
    for token in attribute_tokens(value) {
        for (i, cue) in ATTRIBUTE_CUES.iter().enumerate() {
            if cue.tokens.contains(&token.as_str()) {
                model |= 1 << i;
                sublabel |= 1 << i;
            }
        }
    }
    (model, sublabel)
}

/// Which attribute cues one attribute value carries (one bit per [`Cue`]).
pub fn value_cues(value: &str) -> u8 {
    value_cue_sets(value).0
}

/// Which attribute cues a node's `class`/`id`/`role`/hints carry (one bit per [`Cue`]).
pub fn attribute_cues(values: &[&str]) -> u8 {
    values.iter().fold(0, |bits, value| bits | value_cues(value))
}

/// Cue sets of attribute values (see `value_cue_sets`) with a per-page memo: pages repeat the same
/// class strings hundreds of times, and matching the vocabulary is the costliest step of feature
/// extraction.
#[derive(Default)]
pub struct CueCache<'a> {
    memo: crate::hash::FxHashMap<&'a str, (u8, u8)>,
}

impl<'a> CueCache<'a> {
    /// Cues of several attribute values of one node: for the model, and for its sub-label.
    pub fn cues(&mut self, values: &[&'a str]) -> (u8, u8) {
        let mut bits = (0, 0);
        for value in values {
            if value.is_empty() {
                continue;
            }
            let (model, sublabel) = *self.memo.entry(value).or_insert_with(|| value_cue_sets(value));
            bits = (bits.0 | model, bits.1 | sublabel);
        }
        bits
    }
}

/// Characters of a block's text that text cues look at: notices and buttons say what they are early.
pub const TEXT_CUE_SAMPLE: usize = 160;

/// Which text cues a lower-cased text sample carries (one bit per [`Cue`], same positions as
/// [`ATTRIBUTE_CUES`]).
pub fn text_cues(lowered: &str) -> u8 {
    scan(phrase_index(), lowered).0
}

/// Bit position of a cue.
pub fn cue_bit(cue: Cue) -> u8 {
    ATTRIBUTE_CUES.iter().position(|c| c.cue == cue).unwrap_or(0) as u8
}

/// ARIA roles and the landmark elements that stand for them.
pub mod landmarks {
    /// Roles and tags of site navigation.
    pub const NAV: &[&str] = &["nav", "navigation", "menu", "menubar", "tablist"];
    /// Roles and tags of the site banner.
    pub const HEADER: &[&str] = &["header", "banner"];
    /// Roles and tags of the site footer.
    pub const FOOTER: &[&str] = &["footer", "contentinfo"];
    /// Roles and tags of complementary content.
    pub const ASIDE: &[&str] = &["aside", "complementary"];
    /// Roles and tags of the main content.
    pub const MAIN: &[&str] = &["main", "article"];
    /// Roles and tags of dialogs.
    pub const DIALOG: &[&str] = &["dialog", "alertdialog"];
    /// Roles and tags of forms.
    pub const FORM: &[&str] = &["form", "search"];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_at_separators_and_humps() {
        let tokens: Vec<String> = attribute_tokens("siteHeader nav_main ad-slot2 HTMLBox").collect();
        assert_eq!(tokens, ["site", "header", "nav", "main", "ad", "slot", "htmlbox"]);
    }

    #[test]
    fn short_tokens_match_only_whole() {
        let ad = 1 << cue_bit(Cue::Promo);
        assert_eq!(attribute_cues(&["ad-wrapper"]) & ad, ad);
        assert_eq!(attribute_cues(&["reader shadow"]) & ad, 0);
        let legal = 1 << cue_bit(Cue::Legal);
        assert_eq!(attribute_cues(&["onetrust-banner-sdk"]) & legal, legal);
    }

    #[test]
    fn text_cues_cover_many_languages() {
        let legal = 1 << cue_bit(Cue::Legal);
        for sample in ["© 2024 acme. all rights reserved", "wir verwenden cookies", "版权所有", "無断転載を禁じます"]
        {
            assert_eq!(text_cues(sample) & legal, legal, "{sample}");
        }
        let promo = 1 << cue_bit(Cue::Promo);
        for sample in ["subscribe now", "abonnez-vous", "suscríbete", "订阅", "ニュースレター"] {
            assert_eq!(text_cues(sample) & promo, promo, "{sample}");
        }
    }

    #[test]
    fn neutral_words_are_cues_for_the_model_but_not_for_sub_labels() {
        let (promo, comment) = (1 << cue_bit(Cue::Promo), 1 << cue_bit(Cue::Comment));
        let mut cache = CueCache::default();
        // Every widget of an Elementor page sits in one of these: no promo cue for its sub-label.
        assert_eq!(cache.cues(&["elementor-widget-container"]), (promo, 0));
        // A feedback form is no reader comment; a widget beside it still reads as one.
        assert_eq!(cache.cues(&["feedback"]), (comment, 0));
        assert_eq!(cache.cues(&["feedback-widget"]), (comment | promo, promo));
        // A real comment cue next to a neutral word stays.
        assert_eq!(cache.cues(&["comment-feedback"]), (comment, comment));
        assert_eq!(cache.cues(&["widget-area", "elementor-widget-container"]), (promo, promo));
    }
}
