// The HTML report's one style sheet, inlined in the page: the page must open on any PC without a network,
// so only system fonts and no images. Colour always doubles a word (BLOCK, WARN, INFO, BLOCKED, READY):
// the page reads the same in grey on a black-and-white printer or to a colour-blind reader. Backgrounds
// are light tints only, so a printout wastes no ink.
export const STYLE = `
:root {
  --ink: #1b1f24; --muted: #59616b; --rule: #d4d8dd; --paper: #fff; --panel: #f6f7f9;
  --block: #b42318; --block-tint: #fdeceb; --warn: #8a5300; --warn-tint: #fff3d6; --warn-rule: #e0a100;
  --info: #1f5a9e; --info-tint: #e9f1fb; --ready: #1d7a36; --ready-tint: #e6f4ea;
  --mono: Consolas, "Cascadia Mono", "DejaVu Sans Mono", "Liberation Mono", Menlo, monospace;
}
* { box-sizing: border-box; }
html { color: var(--ink); background: var(--paper); }
body {
  margin: 0 auto; max-width: 62rem; padding: 1.5rem 1.5rem 3rem;
  font: 15px/1.45 "Segoe UI", system-ui, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
}
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
h2 { font-size: 1.3rem; margin: 2rem 0 .75rem; padding-bottom: .3rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
p { margin: .35rem 0; }
code, pre, .mono { font-family: var(--mono); font-size: .86em; }
.muted { color: var(--muted); }
.unknown { color: var(--muted); font-style: italic; }
.break { overflow-wrap: anywhere; }

/* The verdict: the first thing on the page, big, its word in capitals. */
.verdict { border: 2px solid; border-left-width: 12px; border-radius: 6px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
.verdict .kicker { margin: 0 0 .2rem; font-size: .8rem; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); }
.verdict h1 { font-size: 2.1rem; letter-spacing: .02em; }
.verdict h1 .meaning { display: block; margin-top: .15rem; font-size: 1.15rem; font-weight: 600; letter-spacing: 0; color: var(--ink); }
.verdict .blocked-by { font-weight: 600; margin-top: .5rem; }
.v-blocked { border-color: var(--block); background: var(--block-tint); }
.v-blocked h1 { color: var(--block); }
.v-warnings { border-color: var(--warn-rule); background: var(--warn-tint); }
.v-warnings h1 { color: var(--warn); }
.v-ready { border-color: var(--ready); background: var(--ready-tint); }
.v-ready h1 { color: var(--ready); }

/* Key-value facts: run data at the top, then per installation. */
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .75rem 0 0; }
dl.run dt { color: var(--muted); }
dl.run dd { margin: 0; overflow-wrap: anywhere; }

table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--rule); }
thead th { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); border-bottom: 2px solid var(--rule); }
table.facts th[scope=row] { width: 13rem; font-weight: 600; color: var(--muted); }
/* Prose cells wrap at words; only paths and other long tokens (mono) may break anywhere. */
td { overflow-wrap: break-word; }
td.mono, td .mono { overflow-wrap: anywhere; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }

/* Badges: severity and verdict as words on a tint with a coloured border. */
.badge {
  display: inline-block; min-width: 4.2em; text-align: center; padding: .05rem .45rem; border-radius: 4px;
  border: 1.5px solid; font: 700 .78rem/1.4 "Segoe UI", system-ui, Arial, sans-serif; letter-spacing: .05em;
  vertical-align: .1em; white-space: nowrap;
}
.s-block, .b-blocked { color: var(--block); background: var(--block-tint); border-color: var(--block); }
.s-warn, .b-warnings { color: var(--warn); background: var(--warn-tint); border-color: var(--warn-rule); }
.s-info { color: var(--info); background: var(--info-tint); border-color: var(--info); }
.b-ready { color: var(--ready); background: var(--ready-tint); border-color: var(--ready); }

/* One installation (or unreadable volume): a heading with its verdict, facts, findings. */
section.target { margin-top: 2.25rem; }
section.target > h2 { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: baseline; }
section.target > h2 .where { font-family: var(--mono); font-size: 1.05rem; overflow-wrap: anywhere; }
section.target > h2 .os { font-weight: 400; color: var(--muted); font-size: 1rem; }

/* A finding: badge, id and title; message; fix with its commands; evidence. */
.finding { border: 1px solid var(--rule); border-left: 6px solid; border-radius: 4px; padding: .6rem .9rem .7rem; margin: .7rem 0; }
.finding.s-block { border-left-color: var(--block); background: var(--paper); color: inherit; }
.finding.s-warn { border-left-color: var(--warn-rule); background: var(--paper); color: inherit; }
.finding.s-info { border-left-color: var(--info); background: var(--paper); color: inherit; }
.finding .title { margin: 0 0 .3rem; font-size: 1rem; }
.finding .title .id { font-family: var(--mono); font-weight: 700; }
.label { font-weight: 700; font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: .55rem 0 .15rem; }
.finding .concerns { color: var(--muted); font-size: .9rem; }
.fix p { margin: .25rem 0; }
/* A command is never broken: it scrolls sideways on screen; one click selects it whole for copying. */
pre.command {
  margin: .3rem 0 .45rem; padding: .45rem .6rem; background: var(--panel); border: 1px solid var(--rule);
  border-radius: 4px; white-space: pre; overflow-x: auto;
}
pre.command code { font-size: .84rem; user-select: all; -webkit-user-select: all; }
ul.evidence { margin: .15rem 0 0; padding-left: 1.1rem; font-size: .88rem; }
ul.evidence li { margin: .1rem 0; overflow-wrap: anywhere; }
ul.evidence .src { color: var(--muted); font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; }

.summary { margin-top: 2.5rem; padding-top: .75rem; border-top: 2px solid var(--ink); }
.summary p { margin: .2rem 0; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }

/* A4: margins, nothing split that reads as one piece, no screen-only chrome. */
@page {
  size: A4; margin: 14mm 13mm 16mm;
  @bottom-left { content: "preflight check report"; font: 8pt Arial, sans-serif; color: #59616b; }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif; color: #59616b; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .verdict, .badge, .finding { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .finding, tr, .verdict, pre.command, .summary { break-inside: avoid; page-break-inside: avoid; }
  section.target { break-before: auto; }
  /* Paper cannot scroll: a long command wraps at the page edge rather than being cut off. */
  pre.command { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; background: none; }
  a { color: inherit; text-decoration: none; }
}
`;
