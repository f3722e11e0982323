"""The site's shared stylesheet (``style.css`` at the site's root), linked from every page.

The event pages carry the OECD plugin's own inlined style; the site links
this file *before* it, so the page's own rules win, and marks their
``<body class="site-event">`` so that the few rules here that must win (the
column's width, the header's lists) are more specific than the page's. The
other pages look like the event pages (same ink, accent and banner colours)
and link one shared file, so that a listing page stays small. Every text colour is paired with the
background it is drawn on in :data:`CONTRAST_PAIRS`, and a test computes
each pair's WCAG contrast ratio (at least 4.5:1), so a change of colour
cannot quietly make a page unreadable. Focus is always visible (a dark
outline with an offset), links are underlined (not told apart by colour
alone), and the skip link appears when focused.
"""

from __future__ import annotations

__all__ = ["CONTRAST_PAIRS", "CSS", "PATH"]

PATH = "style.css"
"""Where the build writes :data:`CSS`, relative to the site's root."""

CONTRAST_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("#1d1d1b", "#ffffff", "body text"),
    ("#595959", "#ffffff", "secondary text (dates, places, counts)"),
    ("#0b5394", "#ffffff", "links"),
    ("#1d1d1b", "#f3f6f9", "header and footer text"),
    ("#0b5394", "#f3f6f9", "header and footer links"),
    ("#595959", "#f3f6f9", "secondary text in the header and footer"),
    ("#ffffff", "#0b5394", "the current page in the pagination"),
    ("#8a1c1c", "#fbeaea", "cancelled banner"),
    ("#6b4500", "#fff4e0", "postponed and rescheduled banners"),
    ("#0b5394", "#eef3f8", "moved-online banner"),
    ("#1b5e20", "#e8f5e9", "happening-now banner"),
    ("#1d1d1b", "#ffffff", "the skip link"),
)
"""(text colour, background, where): every pair the stylesheet draws text with."""

CSS = """
:root{--ink:#1d1d1b;--muted:#595959;--accent:#0b5394;--line:#d6d6d6;--band:#f3f6f9}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);
  background:#ffffff}
a{color:var(--accent);text-decoration:underline}
a:focus-visible,button:focus-visible{outline:3px solid var(--ink);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;z-index:1;background:#ffffff;color:var(--ink);padding:.5rem 1rem}
.skip:focus{left:.5rem}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
.site-header,.site-footer{background:var(--band);color:var(--ink)}
.site-header>div,.site-footer>div,main{max-width:52rem;margin:0 auto;padding:1rem 1.25rem}
.site-title{margin:0;font-weight:700;font-size:1.15rem}
.site-header nav ul,.languages ul,.pagination ul{list-style:none;margin:.5rem 0 0;padding:0;display:flex;
  flex-wrap:wrap;gap:.25rem 1rem}
.site-header li{margin:0}
.site-event main{max-width:52rem}
.languages{margin:.5rem 0 0;color:var(--muted)}
.languages ul{display:inline-flex;margin:0 0 0 .5rem}
h1{font-size:1.9rem;line-height:1.2;margin:1rem 0 .75rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem;padding-top:.5rem;border-top:1px solid var(--line)}
h3{font-size:1.1rem;margin:0 0 .25rem}
.events{list-style:none;margin:0;padding:0}
.events>li{padding:.9rem 0;border-bottom:1px solid var(--line)}
.events>li:last-child{border-bottom:0}
.status{margin:.25rem 0}
.meta{margin:.15rem 0 0;color:var(--muted)}
.banner{display:inline-block;margin:.15rem .5rem .15rem 0;padding:.1rem .6rem;border-radius:1rem;font-weight:600;
  font-size:.95rem}
.banner-cancelled{background:#fbeaea;color:#8a1c1c}
.banner-postponed,.banner-rescheduled{background:#fff4e0;color:#6b4500}
.banner-moved-online{background:#eef3f8;color:#0b5394}
.banner-ongoing{background:#e8f5e9;color:#1b5e20}
.facet-values{padding-left:1.25rem}
.count{color:var(--muted)}
.pagination{margin:2rem 0 0}
.pagination a{display:inline-block;padding:.25rem .6rem;border:1px solid var(--line);border-radius:.25rem}
.pagination a[aria-current]{background:var(--accent);color:#ffffff;border-color:var(--accent);font-weight:700}
.pagination .gap{padding:.25rem .3rem;color:var(--muted)}
.feeds{padding-left:1.25rem}
.choices{font-size:1.2rem}
.note{padding:.75rem 1rem;border-left:4px solid var(--accent);background:var(--band)}
.chart{margin:1rem 0}
.chart img{display:block;max-width:100%;height:auto}
table.stats{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
table.stats caption{text-align:left;font-weight:600;padding:0 0 .5rem}
table.stats th,table.stats td{padding:.3rem .75rem .3rem 0;border-bottom:1px solid var(--line);text-align:left;
  vertical-align:top}
table.stats td,table.stats .n{text-align:right}
table.stats thead th{border-bottom:2px solid var(--ink)}
@media print{.skip,.pagination{display:none}a{color:inherit}}
""".strip()
