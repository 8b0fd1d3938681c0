// The page's only stylesheet; its hash is what the page's CSP allows, so no element carries a style attribute.
// System fonts only: nothing is fetched when the page is viewed
export const PAGE_STYLES = `
:root{--ink:#1d2330;--muted:#5a6275;--line:#d5d9e2;--bg:#fff;--soft:#f4f6fa;--pass:#1f7a3a;--fail:#b3261e;--skip:#7a7f8c;--warn:#9a6700;--bar:#3b6fb6;--student:#8a3f0c}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:78rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.5rem;margin:.25rem 0 .75rem}h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.92em}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem;margin:0}
.summary div{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.45rem .7rem}
.summary dt{color:var(--muted);font-size:.8rem}.summary dd{margin:0;font-size:1.25rem;font-weight:600}
.settings{color:var(--muted);margin:.6rem 0 0}.settings code{color:var(--ink)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1.25rem;align-items:start}
.charts figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:.6rem}
.charts figcaption{font-weight:600;margin-bottom:.3rem}
.chart{max-width:100%;height:auto;display:block;font-size:12px}
.chart text{fill:var(--ink)}.chart .label{fill:var(--muted)}
.histogram .bar rect{fill:var(--bar)}.axis{stroke:var(--muted)}
.pass-rate .track{fill:var(--soft);stroke:var(--line)}.pass-rate .bar{fill:var(--pass)}.pass-rate .bar.advisory,.pass-rate .bar.extra-credit{fill:var(--skip)}
.controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:.5rem 0}
.controls input,.controls select{font:inherit;padding:.2rem .4rem;margin-left:.3rem}
#shown{color:var(--muted)}
.table-wrap{overflow:auto;max-height:75vh;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%}
caption{text-align:left;color:var(--muted);padding:.4rem .6rem;caption-side:top}
th,td{border-bottom:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:bottom}
thead th{position:sticky;top:0;background:var(--soft);z-index:1}
th button{all:unset;cursor:pointer;font-weight:600}
th button:focus-visible{outline:2px solid var(--bar)}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
th.check-col{padding:.3rem .15rem}
th.check-col button{display:flex;flex-direction:column;align-items:center}
th.check-col span{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:500;font-size:.8rem;max-height:13rem;overflow:hidden;white-space:nowrap}
tbody tr{cursor:pointer}tbody tr:hover{background:#eef3fb}
td.sid{color:var(--muted);font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85rem}
td.sid,td:first-child{max-width:16rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
div.class-warnings{border:1px solid var(--warn);border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}div.class-warnings ul{margin:.25rem 0 0}
td.mark{text-align:center;font-weight:700;padding:.25rem .15rem}td.mark.advisory,td.mark.extra-credit{color:var(--skip);font-weight:400}
.mark.passed,.passed>.check-head .mark{color:var(--pass)}.mark.failed,.failed>.check-head .mark{color:var(--fail)}
.mark.skipped,.skipped>.check-head .mark{color:var(--skip)}.mark.error,.error>.check-head .mark{color:var(--warn)}
.status{display:inline-block;border-radius:999px;padding:0 .5rem;font-size:.8rem;font-weight:600;white-space:nowrap}
.status.full{background:#dcf2e3;color:var(--pass)}.status.partial{background:#fff2cc;color:var(--warn)}
.status.zero{background:#fbe1df;color:var(--fail)}.status.not-gradable{background:#e7e8ec;color:#3d4350}
.status.grader-error{background:#3d4350;color:#fff}
.flag{display:inline-block;border:1px solid var(--warn);color:var(--warn);border-radius:4px;padding:0 .3rem;font-size:.75rem}
details.student{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;scroll-margin-top:.5rem}
details.student>summary{cursor:pointer;padding:.45rem .7rem;background:var(--soft);border-radius:6px;overflow-wrap:anywhere}
details.student[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
summary .name{font-weight:600}summary .sid{color:var(--muted);font-family:ui-monospace,monospace}
summary .score{margin:0 .4rem}
.body{padding:.5rem .9rem .8rem}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.2rem 0 .6rem}
.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere;white-space:pre-wrap}
.facts ul{margin:0;padding-left:1.1rem;white-space:normal}
.reason{color:var(--fail);font-weight:600}
ol.checks{list-style:none;padding:0;margin:0}
li.check{border-top:1px solid var(--line);padding:.45rem 0}
.check-head{display:flex;flex-wrap:wrap;gap:.4rem;align-items:baseline}
.check-head .mark{font-weight:700;width:1rem}.check-name{font-weight:600}.check-head code{color:var(--muted)}
.points{margin-left:auto;font-variant-numeric:tabular-nums}
.message,.hint,.omitted{margin:.2rem 0 .2rem 1.4rem;white-space:pre-wrap;overflow-wrap:anywhere}
.hint{color:var(--muted)}.omitted{color:var(--muted);font-style:italic}
.seq{margin:.4rem 0 .2rem 1.4rem;max-width:56rem;font-size:.85rem}
.seq .lanes{display:flex;justify-content:space-between}
.seq .lanes span{width:9rem;text-align:center;border:1px solid var(--muted);border-radius:4px;background:var(--soft);padding:.1rem;font-weight:600}
.seq .lanes span+span{color:var(--student)}
.seq ol{list-style:none;margin:0;padding:.3rem 4.5rem .5rem;background:linear-gradient(var(--muted),var(--muted)) left 4.5rem top 0/1px 100% no-repeat,linear-gradient(var(--muted),var(--muted)) right 4.5rem top 0/1px 100% no-repeat}
.seq li{position:relative;margin:.45rem 0;padding:0 .9rem .1rem;border-bottom:2px solid var(--bar)}
.seq li code{display:block;white-space:pre-wrap;overflow-wrap:anywhere;text-align:center}
.seq li.sent::after,.seq li.received::after{content:"";position:absolute;bottom:-6px;border-top:5px solid transparent;border-bottom:5px solid transparent}
.seq li.sent::after{right:-2px;border-left:10px solid var(--bar)}
.seq li.received{border-color:var(--student)}.seq li.received code{color:var(--student)}
.seq li.received::after{left:-2px;border-right:10px solid var(--student)}
.seq li.note{border:1px dashed var(--warn);background:#fff8e1;border-radius:3px;margin:.45rem 1.5rem;padding:.15rem .5rem}
.seq li.note code{font-family:inherit;color:var(--muted);text-align:left}
.runs h3{font-size:1rem;margin:.8rem 0 .2rem}
.run{display:grid;grid-template-columns:minmax(9rem,15rem) minmax(0,1fr);gap:0 1rem;align-items:start;border-top:1px solid var(--line);padding:.45rem 0;scroll-margin-top:.5rem}
.run .seq{margin:.2rem 0}.decided p{margin:.2rem 0;font-weight:600}
.decided ul{list-style:none;margin:0;padding:0}.decided li{overflow-wrap:anywhere}.decided .mark{font-weight:700}
.run-link{margin:.2rem 0 .2rem 1.4rem}li.check{scroll-margin-top:.5rem}
@media (max-width:48rem){.run{display:block}}
.back{margin:.6rem 0 0;font-size:.85rem}
@media print{.controls,.back,th button::after{display:none}.table-wrap{max-height:none;overflow:visible;border:0}thead th{position:static}details.student{break-inside:avoid-page}}
`
