"""The pages' only stylesheet, inlined: no external requests, readable on a phone and in print."""

CSS = """
:root{--ink:#1d1d1b;--muted:#5a5a5a;--accent:#0b5394;--line:#d6d6d6}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
  color:var(--ink);background:#fff}
main{max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem}
a{color:var(--accent)}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
h1{font-size:1.9rem;line-height:1.2;margin:1.5rem 0 .75rem}
h2{font-size:1.3rem;margin:2rem 0 .75rem;padding-top:.5rem;border-top:1px solid var(--line)}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
.banner{display:inline-block;margin:0 0 1rem;padding:.25rem .75rem;border-radius:1rem;font-weight:600;
  background:#eef3f8;color:var(--accent)}
.banner-ended{background:#eee;color:var(--muted)}
.banner-cancelled,.banner-postponed{background:#fbeaea;color:#8a1c1c}
.banner-ongoing{background:#e8f5e9;color:#1b5e20}
.kicker{margin:.5rem 0 0;font-weight:600;text-transform:none;color:var(--muted)}
.subtitle{font-size:1.25rem;margin:.25rem 0 1rem}
.summary{margin:.25rem 0;font-weight:600}
.status-note{margin:1rem 0;padding:.75rem 1rem;border-left:4px solid var(--accent);background:#f5f8fb}
dl.facts{margin:0}
dl.facts div{padding:.5rem 0;border-bottom:1px solid var(--line)}
dl.facts dt{font-weight:600}
dl.facts dd{margin:.15rem 0 0}
ul{padding-left:1.25rem}
li{margin:.25rem 0}
@media (min-width:40rem){dl.facts div{display:grid;grid-template-columns:16rem 1fr;gap:1rem}}
@media print{.skip{display:none}main{max-width:none;padding:0}a{color:inherit}
  a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em}
  h2{break-after:avoid}section{break-inside:avoid-page}}
""".strip()
