// /static/heartbeat.css: the one stylesheet of every page. Colours meet WCAG AA
// contrast (4.5:1) for their text; narrow screens get one card per row.
#include "web/assets.h"

namespace heartbeat::web {

const char* const kStylesheet = R"css(
:root{--ok:#1a7f37;--late:#8a5a00;--down:#c21f2c;--muted:#57606a;--line:#d0d7de;--bg:#fff;--fg:#1f2328;--link:#0550ae}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{padding:0 1rem;max-width:80rem;margin:0 auto}
header{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem 1.5rem;border-bottom:1px solid var(--line)}
h1{font-size:1.5rem;margin:.75rem 0}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
nav a{margin-right:1rem}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:1rem 0}
.controls input[type=search],.controls select{font:inherit;padding:.3rem .5rem;border:1px solid var(--muted);border-radius:4px}
.summary{color:var(--muted)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%}
caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{padding:.4rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" \25B2"}
th[aria-sort=descending] button::after{content:" \25BC"}
.state{display:inline-block;min-width:5.5em;padding:0 .5em;border-radius:1em;color:#fff;font-weight:600;text-align:center}
.state-ok{background:var(--ok)}
.state-late{background:var(--late)}
.state-outdated,.state-fail{background:var(--down)}
.state-new,.state-paused{background:var(--muted)}
.timeline{width:100%;height:2rem;display:block}
.timeline .seg-ok,.timeline .seg-late{fill:var(--ok)}
.timeline .seg-late{fill:#d4a72c}
.timeline .seg-outdated,.timeline .seg-fail{fill:var(--down)}
.timeline .seg-new,.timeline .seg-paused{fill:#afb8c1}
.legend{color:var(--muted);font-size:.9rem}
time{white-space:nowrap}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
pre.body{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:.5rem;max-height:20rem;overflow:auto}
footer{color:var(--muted);border-top:1px solid var(--line);margin-top:2rem;padding-top:.5rem;padding-bottom:1rem}
[hidden]{display:none!important}
@media (max-width:40rem){
  table.cards thead{position:absolute;left:-9999px}
  table.cards tr{display:block;border:1px solid var(--line);border-radius:6px;margin:.5rem 0;padding:.25rem .5rem}
  table.cards td{display:flex;justify-content:space-between;gap:1rem;border:0;padding:.2rem 0}
  table.cards td::before{content:attr(data-label);font-weight:600;color:var(--muted)}
}
)css";

}  // namespace heartbeat::web
