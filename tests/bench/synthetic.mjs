// Synthetic news-like pages of about n elements, for the in-tab benchmark and the trace tool.
/** A news-like page of about `n` elements: header/nav, an article, a related rail, a long footer. */
export function synthetic(n) {
  const parts = ['<!doctype html><html><head><meta charset="utf-8"><title>Synthetic ', String(n), '</title></head><body>'];
  parts.push('<header class="site-header"><nav class="main-menu"><ul>');
  for (let i = 0; i < 12; i++) parts.push(`<li><a href="#s${i}">Section ${i}</a></li>`);
  parts.push('</ul></nav></header><main><article class="story"><h1>A synthetic story</h1>');
  let count = 40;
  let p = 0;
  // Article: paragraphs with inline markup (~25% of the elements).
  while (count < n * 0.25) {
    parts.push(`<p>Paragraph ${p++} of the story, with <a href="#r${p}">a link</a> and <em>some emphasis</em> in running text that reads like an article.</p>`);
    count += 3;
  }
  parts.push('</article><aside class="related"><h2>Related</h2>');
  // Related rail and comment-like nested blocks (~45%).
  while (count < n * 0.7) {
    parts.push(`<div class="card promo-card"><div class="inner"><a href="#c${count}"><img src="data:," alt=""><span>Related item ${count}</span></a></div></div>`);
    count += 6;
  }
  parts.push('</aside></main><footer class="site-footer">');
  // Footer link lists (the rest).
  while (count < n) {
    parts.push('<ul class="links">');
    for (let i = 0; i < 10; i++) parts.push(`<li><a href="#f${count + i}">Footer link ${count + i}</a></li>`);
    parts.push('</ul>');
    count += 21;
  }
  parts.push('<p class="legal">© 2026 Synthetic Media. All rights reserved.</p></footer></body></html>');
  return parts.join('');
}
